//! The render (`pkg/engine/engine.go`): template collection over the chart tree with scoped
//! values, Helm's parse order, execution, `<no value>` removal and error rewriting.

use std::collections::BTreeMap;
use std::sync::Arc;

use rudder_chart::chart::Chart;
use rudder_template::{FuncMap, MissingKey, Templates};
use rudder_value::{Map, MapType, Value, path};

use crate::error::RenderError;
use crate::files::{FILES_TYPE, files_method, new_files};
use crate::funcs::{RenderFuncs, WARN_END, WARN_START, add_converters, add_render_functions};
use crate::lookup::Lookup;

/// Helm's rendering engine (`engine.Engine`). Reusable: every [`Engine::render`] builds its
/// own template set.
///
/// ```
/// use rudder_chart::chart::{Chart, File, Metadata};
/// use rudder_engine::{Capabilities, Engine, ReleaseOptions, to_render_values};
/// use rudder_value::Map;
/// use std::sync::Arc;
///
/// let mut meta = Metadata::default();
/// meta.name = "web".into();
/// let mut chart = Chart::new(meta);
/// chart.templates.push(Arc::new(File::new("templates/cm.yaml", b"name: {{ .Release.Name }}-{{ .Chart.Name }}".to_vec())));
/// let release = ReleaseOptions { name: "rel".into(), namespace: "default".into(), revision: 1, is_install: true, is_upgrade: false };
/// let top = to_render_values(&chart, &Map::new(), &release, &Capabilities::default()).unwrap();
/// let out = Engine::new().render(&chart, &top).unwrap();
/// assert_eq!(out["web/templates/cm.yaml"], "name: rel-web");
/// ```
#[derive(Clone, Default)]
pub struct Engine {
    /// `missingkey=error` instead of `zero` (`helm lint --strict`).
    pub strict: bool,
    /// `required` and `fail` do not fail, `lookup` stays the placeholder (`helm lint`).
    pub lint_mode: bool,
    /// The cluster behind `lookup`; `None` gives Helm's placeholder (an empty map).
    pub lookup: Option<Arc<dyn Lookup>>,
    /// Sprig's environment: clock, local zone and the `getHostByName` resolver (`None`: `""`,
    /// Helm without `--enable-dns`).
    pub sprig: rudder_sprig::Options,
    /// Extra functions replacing any of the same name (Helm's `CustomTemplateFuncs`).
    pub custom_funcs: FuncMap,
}

impl std::fmt::Debug for Engine {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Engine")
            .field("strict", &self.strict)
            .field("lint_mode", &self.lint_mode)
            .field("lookup", &self.lookup.is_some())
            .finish_non_exhaustive()
    }
}

/// The rendered templates by path (`<chart>/templates/x.yaml`), in byte order of the path.
pub type Rendered = BTreeMap<String, String>;

/// A template to execute: its text and the data map of its chart.
struct Renderable {
    text: Arc<[u8]>,
    vals: Map,
    base_path: String,
}

impl Engine {
    /// An engine with Helm's defaults (not strict, not lint, no cluster, no DNS).
    pub fn new() -> Self {
        Self::default()
    }

    /// `Engine.Render`: renders every template of `chart` and its subcharts with the render
    /// values `top` (`{Chart, Capabilities, Release, Values}`, see
    /// [`crate::to_render_values`]). Partials (`_*`) are parsed but not rendered; `NOTES.txt`
    /// files are rendered like the others (the caller separates them).
    ///
    /// The values are shared, never copied: functions such as `set` that mutate `.Values` are
    /// seen by later templates, as in Helm.
    ///
    /// # Errors
    /// Helm's texts: `parse error at (<file>:<line>): <msg>`, `execution error at
    /// (<file>:<line>:<col>): <msg>` for `required`/`fail`, the multi-line trace for nested
    /// template errors, or Go's error text unchanged.
    pub fn render(&self, chart: &Chart, top: &Map) -> Result<Rendered, RenderError> {
        let mut templates = BTreeMap::new();
        rec_all_tpls(chart, top, chart.name(), true, &mut templates);
        self.render_templates(&templates)
    }

    fn function_map(&self) -> FuncMap {
        let mut funcs = rudder_sprig::functions(&self.sprig);
        add_converters(&mut funcs);
        add_render_functions(
            &mut funcs,
            &RenderFuncs {
                strict: self.strict,
                lint_mode: self.lint_mode,
                lookup: self.lookup.clone(),
            },
        );
        funcs.extend(self.custom_funcs.clone());
        funcs
    }

    fn render_templates(
        &self,
        tpls: &BTreeMap<String, Renderable>,
    ) -> Result<Rendered, RenderError> {
        let mut t = Templates::new("gotpl");
        t.set_missing_key(if self.strict {
            MissingKey::Error
        } else {
            MissingKey::Zero
        });
        t.funcs(self.function_map());
        t.add_map_methods(FILES_TYPE, files_method);

        let keys = sort_templates(tpls);
        for name in &keys {
            let r = &tpls[*name];
            let text = String::from_utf8_lossy(&r.text);
            if let Err(e) = t.parse(name, &text) {
                return Err(RenderError::parse(name, e));
            }
        }

        let mut rendered = Rendered::new();
        for name in keys {
            if path::base(name).starts_with('_') {
                continue;
            }
            let r = &tpls[name];
            let template = Map::with_type(MapType::named("common.Values"));
            template.insert("Name", Value::string(name));
            template.insert("BasePath", Value::string(r.base_path.as_str()));
            r.vals.insert("Template", Value::Map(template));
            let data = Value::Map(r.vals.clone());
            match t.execute_to_string(name, &data) {
                Ok(out) => {
                    let out = if out.contains("<no value>") {
                        out.replace("<no value>", "")
                    } else {
                        out
                    };
                    rendered.insert(name.to_owned(), out);
                }
                Err(e) => return Err(RenderError::exec(name, e)),
            }
        }
        Ok(rendered)
    }
}

/// `sortTemplates`: more `/` first; at equal depth, descending byte order.
fn sort_templates(tpls: &BTreeMap<String, Renderable>) -> Vec<&str> {
    let mut keys: Vec<&str> = tpls.keys().map(String::as_str).collect();
    keys.sort_by(|a, b| {
        let (ca, cb) = (a.matches('/').count(), b.matches('/').count());
        cb.cmp(&ca).then_with(|| b.cmp(a))
    });
    keys
}

/// `recAllTpls`: collects the templates of `chart` and its subcharts (children first) and
/// builds each chart's data map, returning it (it becomes the parent's `.Subcharts.<name>`).
fn rec_all_tpls(
    chart: &Chart,
    parent: &Map,
    full_path: &str,
    is_root: bool,
    templates: &mut BTreeMap<String, Renderable>,
) -> Map {
    let sub_charts = Map::new();
    let meta = chart.metadata.to_go_map();
    meta.insert("IsRoot", Value::Bool(is_root));

    // `renderable.vals` is a `common.Values`: that is the type of `.` in every template.
    let next = Map::with_type(MapType::named("common.Values"));
    next.insert("Chart", Value::Map(meta));
    next.insert(
        "Files",
        new_files(
            chart
                .files
                .iter()
                .map(|f| (f.name.as_str(), f.data.clone())),
        ),
    );
    next.insert("Release", parent.get("Release").unwrap_or(Value::Nil));
    next.insert(
        "Capabilities",
        parent.get("Capabilities").unwrap_or(Value::Nil),
    );
    let values = if is_root {
        parent.get("Values").unwrap_or(Value::Nil)
    } else {
        match rudder_chart::values::table::table(parent, &format!("Values.{}", chart.name())) {
            Ok(m) => Value::Map(m),
            Err(_) => Value::Map(Map::with_type(MapType::named("common.Values"))),
        }
    };
    next.insert("Values", values);
    next.insert("Subcharts", Value::Map(sub_charts.clone()));

    for child in &chart.dependencies {
        let child_path = format!("{full_path}/charts/{}", child.name());
        let child_next = rec_all_tpls(child, &next, &child_path, false, templates);
        sub_charts.insert(child.name(), Value::Map(child_next));
    }

    let library = chart.is_library();
    for t in &chart.templates {
        if library && !path::base(&t.name).starts_with('_') {
            continue;
        }
        templates.insert(
            path::join(full_path, &t.name),
            Renderable {
                text: t.data.clone(),
                vals: next.clone(),
                base_path: path::join(full_path, "templates"),
            },
        );
    }
    next
}

/// `reformatExecErrorMsg`'s `HELM_ERR_START(.*)HELM_ERR_END` (dot matching newlines, greedy).
pub(crate) fn warn_message(s: &str) -> Option<&str> {
    let start = s.find(WARN_START)? + WARN_START.len();
    let end = s.rfind(WARN_END)?;
    (end >= start).then(|| &s[start..end])
}
