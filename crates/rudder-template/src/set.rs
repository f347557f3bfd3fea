//! Template sets (Go's `*template.Template` and its shared `common`): parsing named templates
//! into one namespace with Go's redefinition rules, options, delimiters, functions, cloning and
//! execution by name.

use std::sync::Arc;

use rudder_value::Value;

use crate::error::Error;
use crate::exec::State;
use crate::funcs::{Func, FuncMap};
use crate::hash::FastMap;
use crate::parse::node::{Tree, is_empty_list};
use crate::parse::{ParseConfig, parse};

/// What a missing map key evaluates to (the `missingkey` option).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum MissingKey {
    /// `missingkey=default` / `missingkey=invalid`: no value (printed `<no value>`).
    #[default]
    Invalid,
    /// `missingkey=zero`: the zero value of the map's element type (Helm's default).
    Zero,
    /// `missingkey=error`: an execution error (Helm's `--strict`).
    Error,
}

/// Execution limits. The defaults are Go's; the optional ones do not exist in Go and are meant
/// for hostile input (fuzzing, untrusted charts).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Limits {
    /// Nesting of `{{template}}` calls (Go's `maxExecDepth`, 100000).
    pub max_exec_depth: usize,
    /// Stop after this many executed nodes.
    pub max_steps: Option<u64>,
    /// Stop once the output exceeds this many bytes, or once the strings and byte slices
    /// that function calls returned add up to more (values built without being printed, such
    /// as a string doubled by `printf` at every step, are bounded too).
    pub max_output: Option<usize>,
}

impl Default for Limits {
    fn default() -> Self {
        Self {
            max_exec_depth: 100_000,
            max_steps: None,
            max_output: None,
        }
    }
}

/// A set of named templates sharing functions and options: Go's `template.New(name)` and
/// everything associated with it.
///
/// Cloning is cheap (the trees and the function map are shared until one side changes), which
/// is what Helm's `tpl` needs: clone the chart's set, parse extra text into the clone, execute.
///
/// ```
/// use rudder_template::Templates;
/// use rudder_value::{Map, Value};
///
/// let mut set = Templates::new("gotpl");
/// set.parse("a.yaml", r#"{{define "name"}}x-{{.}}{{end}}name: {{template "name" .v}}"#).unwrap();
/// let data = Map::new();
/// data.insert("v", Value::string("y"));
/// assert_eq!(set.execute_to_string("a.yaml", &Value::Map(data)).unwrap(), "name: x-y");
/// ```
#[derive(Clone)]
pub struct Templates {
    name: Arc<str>,
    trees: Arc<FastMap<Arc<str>, Arc<Tree>>>,
    funcs: Arc<FastMap<Box<str>, Func>>,
    missing_key: MissingKey,
    left: Arc<str>,
    right: Arc<str>,
    limits: Limits,
    parse_comments: bool,
    skip_func_check: bool,
    map_methods: Arc<FastMap<Box<str>, MapMethods>>,
}

/// The methods of a defined map type (Go's `type files map[string][]byte` with `Get`, `Glob`,
/// ...): given the receiver and a name, the bound method, if the type has one. The executor
/// looks for a method before a map key, as Go does.
pub type MapMethods = fn(&rudder_value::Map, &str) -> Option<rudder_value::Method>;

impl std::fmt::Debug for Templates {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        let mut names: Vec<&str> = self.trees.keys().map(|k| &**k).collect();
        names.sort_unstable();
        f.debug_struct("Templates")
            .field("name", &self.name)
            .field("templates", &names)
            .field("missing_key", &self.missing_key)
            .finish_non_exhaustive()
    }
}

impl Templates {
    /// An empty set whose root template is `name` (Go's `template.New(name)`).
    pub fn new(name: &str) -> Self {
        Self {
            name: Arc::from(name),
            trees: Arc::default(),
            funcs: Arc::default(),
            missing_key: MissingKey::default(),
            left: Arc::from(""),
            right: Arc::from(""),
            limits: Limits::default(),
            parse_comments: false,
            skip_func_check: false,
            map_methods: Arc::default(),
        }
    }

    /// The root template's name.
    pub fn name(&self) -> &str {
        &self.name
    }

    /// Adds functions (Go's `Funcs`): later definitions replace earlier ones and builtins of
    /// the same name. Functions must be added before parsing templates that use them.
    pub fn funcs(&mut self, funcs: FuncMap) -> &mut Self {
        Arc::make_mut(&mut self.funcs).extend(funcs.map);
        self
    }

    /// Adds one function.
    ///
    /// # Panics
    /// If `name` is not a valid identifier.
    pub fn add_func(&mut self, name: &str, f: Func) -> &mut Self {
        assert!(
            crate::funcs::good_name(name),
            "function name {name:?} is not a valid identifier"
        );
        Arc::make_mut(&mut self.funcs).insert(name.into(), f);
        self
    }

    /// Sets the action delimiters for later parses (empty means the default `{{` / `}}`).
    pub fn delims(&mut self, left: &str, right: &str) -> &mut Self {
        self.left = Arc::from(left);
        self.right = Arc::from(right);
        self
    }

    /// Go's `Option`, e.g. `missingkey=zero`.
    ///
    /// # Errors
    /// `unrecognized option: …` (where Go panics).
    pub fn option(&mut self, option: &str) -> Result<&mut Self, Error> {
        let mk = match option.split_once('=') {
            Some(("missingkey", "invalid" | "default")) => MissingKey::Invalid,
            Some(("missingkey", "zero")) => MissingKey::Zero,
            Some(("missingkey", "error")) => MissingKey::Error,
            _ => return Err(Error::Option(option.to_owned())),
        };
        self.missing_key = mk;
        Ok(self)
    }

    /// Sets the `missingkey` behaviour.
    pub fn set_missing_key(&mut self, mk: MissingKey) -> &mut Self {
        self.missing_key = mk;
        self
    }

    /// The `missingkey` behaviour.
    pub fn missing_key(&self) -> MissingKey {
        self.missing_key
    }

    /// Sets execution limits.
    pub fn set_limits(&mut self, limits: Limits) -> &mut Self {
        self.limits = limits;
        self
    }

    /// The execution limits.
    pub fn limits(&self) -> Limits {
        self.limits
    }

    /// Keep comments in parse trees (Go's `parse.ParseComments` mode).
    pub fn set_parse_comments(&mut self, keep: bool) -> &mut Self {
        self.parse_comments = keep;
        self
    }

    /// Do not check at parse time that functions exist (Go's `parse.SkipFuncCheck` mode).
    pub fn set_skip_func_check(&mut self, skip: bool) -> &mut Self {
        self.skip_func_check = skip;
        self
    }

    /// Declares the methods of the defined map type `type_name` (as [`rudder_value::Map`]'s
    /// type name prints it, e.g. `engine.files`).
    pub fn add_map_methods(&mut self, type_name: &str, methods: MapMethods) -> &mut Self {
        Arc::make_mut(&mut self.map_methods).insert(type_name.into(), methods);
        self
    }

    /// The method `name` of the map `m`, if its type has declared methods.
    pub(crate) fn map_method(
        &self,
        m: &rudder_value::Map,
        name: &str,
    ) -> Option<rudder_value::Method> {
        if self.map_methods.is_empty() {
            return None;
        }
        let type_name = m.map_type().name.as_deref()?;
        (self.map_methods.get(type_name)?)(m, name)
    }

    /// The function `name`, user-defined first, then builtin.
    pub(crate) fn find_function(&self, name: &str) -> Option<&Func> {
        if let Some(f) = self.funcs.get(name) {
            return Some(f);
        }
        crate::exec::builtin(name)
    }

    /// Whether `name` is a defined function (user or builtin).
    pub fn has_function(&self, name: &str) -> bool {
        self.funcs.contains_key(name) || crate::exec::is_builtin(name)
    }

    /// Parses `text` as the template `name` of this set (Go's `t.New(name).Parse(text)`).
    /// `define`d and `block` templates join the set. A definition replaces an earlier one of
    /// the same name unless its body is empty (only spaces and comments); two non-empty
    /// definitions in one text are an error.
    ///
    /// # Errors
    /// Go's parse error, `template: NAME:LINE: msg`. Nothing is added on error.
    pub fn parse(&mut self, name: &str, text: &str) -> Result<&mut Self, Error> {
        let has_function = |f: &str| self.has_function(f);
        let cfg = ParseConfig {
            left: &self.left,
            right: &self.right,
            parse_comments: self.parse_comments,
            skip_func_check: self.skip_func_check,
            has_function: &has_function,
        };
        let trees = parse(name, text, &cfg)?;
        let map = Arc::make_mut(&mut self.trees);
        for tree in trees {
            let key = tree.name.clone();
            if let Some(old) = map.get(&key)
                && old.root.is_some()
                && is_empty_list(tree.root.as_ref())
            {
                // An empty definition does not replace an existing one.
                continue;
            }
            map.insert(key, Arc::new(tree));
        }
        Ok(self)
    }

    /// The template `name`, if defined.
    pub fn lookup(&self, name: &str) -> Option<&Tree> {
        self.trees.get(name).map(|t| &**t)
    }

    pub(crate) fn lookup_entry(&self, name: &str) -> Option<(&str, &Tree)> {
        self.trees.get_key_value(name).map(|(k, t)| (&**k, &**t))
    }

    /// The names of the defined templates, sorted.
    pub fn names(&self) -> Vec<&str> {
        let mut names: Vec<&str> = self.trees.keys().map(|k| &**k).collect();
        names.sort_unstable();
        names
    }

    /// Executes the template `name` with `data` as `.`, appending to `out` (Go's
    /// `ExecuteTemplate`). On error, `out` holds the partial output, as Go's writer does.
    ///
    /// # Errors
    /// `template: no template "x" associated with template "root"`, or the execution error.
    pub fn execute(&self, name: &str, data: &Value, out: &mut Vec<u8>) -> Result<(), Error> {
        let Some((key, tree)) = self.lookup_entry(name) else {
            return Err(Error::NoTemplate {
                name: name.to_owned(),
                set: self.name.to_string(),
            });
        };
        let mut state = State::new(self, key, tree, out);
        state.execute(data).map_err(Error::Exec)
    }

    /// [`Templates::execute`] into a string (Go's bytes, converted lossily).
    ///
    /// # Errors
    /// As [`Templates::execute`].
    pub fn execute_to_string(&self, name: &str, data: &Value) -> Result<String, Error> {
        // Most helper outputs are short lines; skip the first few doublings.
        let mut out = Vec::with_capacity(128);
        self.execute(name, data, &mut out)?;
        Ok(rudder_value::unicode::lossy(out))
    }
}
