//! Commands as cobra v1.10.2 defines, finds and runs them, with Helm v4.2.4's settings
//! (`SilenceUsage`, errors printed by cobra as `Error: <message>`).

use std::fmt::Write as _;
use std::io::Write;

use super::flag::{Flag, FlagSet};
use crate::exit::CommandError;

/// What a command does once its arguments are parsed.
pub(crate) type RunFn = fn(&mut Invocation<'_>) -> Result<(), CommandError>;

/// A positional-argument rule, with the error text of the library Helm takes it from.
#[derive(Debug, Clone, Copy)]
pub(crate) enum Args {
    /// cobra's default (`Args: nil`): a root with subcommands refuses unknown words
    /// (`unknown command "x" for "helm"` plus suggestions), anything else is accepted.
    Legacy,
    /// Anything goes.
    Arbitrary,
    /// Helm's `require.NoArgs`: `"helm list" accepts no arguments`.
    None,
    /// Helm's `require.ExactArgs(n)`.
    Exact(usize),
    /// Helm's `require.MinimumNArgs(n)`.
    Minimum(usize),
    /// Helm's `require.MaximumNArgs(n)`.
    Maximum(usize),
    /// cobra's `NoArgs`: `unknown command "x" for "helm completion"`.
    CobraNone,
    /// cobra's `MinimumNArgs(n)`: `requires at least 1 arg(s), only received 0`.
    CobraMinimum(usize),
    /// cobra's `ExactArgs(n)`: `accepts 1 arg(s), received 2`.
    CobraExact(usize),
    /// cobra's `MaximumNArgs(n)`: `accepts at most 1 arg(s), received 2`.
    CobraMaximum(usize),
    /// cobra's `MatchAll(ExactArgs(n), OnlyValidArgs)`.
    CobraExactValid(usize),
    /// cobra's `OnlyValidArgs`.
    CobraOnlyValid,
}

/// One command of the tree: what cobra's `Command` struct holds for Helm.
#[derive(Debug, Clone)]
#[expect(clippy::struct_excessive_bools, reason = "cobra's command switches")]
pub(crate) struct Command {
    /// cobra's `Use`: the name, then an argument synopsis (`template [NAME] [CHART]`).
    pub(crate) use_line: String,
    pub(crate) aliases: Vec<&'static str>,
    pub(crate) suggest_for: Vec<&'static str>,
    pub(crate) short: String,
    pub(crate) long: String,
    pub(crate) example: String,
    pub(crate) args: Args,
    /// Flags of this command only.
    pub(crate) flags: Vec<Flag>,
    /// Flags of this command and every command below it.
    pub(crate) persistent_flags: Vec<Flag>,
    pub(crate) run: Option<RunFn>,
    pub(crate) commands: Vec<Command>,
    pub(crate) hidden: bool,
    pub(crate) deprecated: Option<String>,
    /// Groups of flags at most one of which may be set (`MarkFlagsMutuallyExclusive`).
    pub(crate) exclusive_groups: Vec<Vec<&'static str>>,
    /// Words the shell completion offers (and `OnlyValidArgs` accepts).
    pub(crate) valid_args: Vec<&'static str>,
    pub(crate) disable_flag_parsing: bool,
    pub(crate) disable_flags_in_use_line: bool,
    /// This is cobra's generated `help` command.
    pub(crate) is_help: bool,
}

impl Command {
    /// A command named by the first word of `use_line`.
    pub(crate) fn new(use_line: &str) -> Self {
        Command {
            use_line: use_line.to_owned(),
            aliases: Vec::new(),
            suggest_for: Vec::new(),
            short: String::new(),
            long: String::new(),
            example: String::new(),
            args: Args::Legacy,
            flags: Vec::new(),
            persistent_flags: Vec::new(),
            run: None,
            commands: Vec::new(),
            hidden: false,
            deprecated: None,
            exclusive_groups: Vec::new(),
            valid_args: Vec::new(),
            disable_flag_parsing: false,
            disable_flags_in_use_line: false,
            is_help: false,
        }
    }

    #[must_use]
    pub(crate) fn aliases(mut self, aliases: &[&'static str]) -> Self {
        self.aliases.extend_from_slice(aliases);
        self
    }

    #[must_use]
    pub(crate) fn suggest_for(mut self, words: &[&'static str]) -> Self {
        self.suggest_for.extend_from_slice(words);
        self
    }

    #[must_use]
    pub(crate) fn short(mut self, text: &str) -> Self {
        text.clone_into(&mut self.short);
        self
    }

    #[must_use]
    pub(crate) fn long(mut self, text: &str) -> Self {
        text.clone_into(&mut self.long);
        self
    }

    #[must_use]
    pub(crate) fn example(mut self, text: &str) -> Self {
        text.clone_into(&mut self.example);
        self
    }

    #[must_use]
    pub(crate) fn args(mut self, rule: Args) -> Self {
        self.args = rule;
        self
    }

    #[must_use]
    pub(crate) fn flag(mut self, flag: Flag) -> Self {
        self.flags.push(flag);
        self
    }

    #[must_use]
    pub(crate) fn flags(mut self, flags: impl IntoIterator<Item = Flag>) -> Self {
        self.flags.extend(flags);
        self
    }

    #[must_use]
    pub(crate) fn persistent_flags(mut self, flags: impl IntoIterator<Item = Flag>) -> Self {
        self.persistent_flags.extend(flags);
        self
    }

    #[must_use]
    pub(crate) fn run(mut self, run: RunFn) -> Self {
        self.run = Some(run);
        self
    }

    #[must_use]
    pub(crate) fn subcommand(mut self, command: Command) -> Self {
        self.commands.push(command);
        self
    }

    #[must_use]
    pub(crate) fn hidden(mut self) -> Self {
        self.hidden = true;
        self
    }

    #[must_use]
    pub(crate) fn deprecated(mut self, message: &str) -> Self {
        self.deprecated = Some(message.to_owned());
        self
    }

    #[must_use]
    pub(crate) fn mutually_exclusive(mut self, names: &[&'static str]) -> Self {
        self.exclusive_groups.push(names.to_vec());
        self
    }

    #[must_use]
    pub(crate) fn valid_args(mut self, words: &[&'static str]) -> Self {
        self.valid_args.extend_from_slice(words);
        self
    }

    #[must_use]
    pub(crate) fn disable_flag_parsing(mut self) -> Self {
        self.disable_flag_parsing = true;
        self
    }

    #[must_use]
    pub(crate) fn disable_flags_in_use_line(mut self) -> Self {
        self.disable_flags_in_use_line = true;
        self
    }

    /// cobra's `Name()`: the first word of `Use`.
    pub(crate) fn name(&self) -> &str {
        self.use_line.split(' ').next().unwrap_or_default()
    }

    pub(crate) fn runnable(&self) -> bool {
        self.run.is_some()
    }

    fn has_alias(&self, word: &str) -> bool {
        self.aliases.contains(&word)
    }

    /// cobra's `IsAvailableCommand` (the `help` command is told apart by `is_help`).
    pub(crate) fn is_available(&self) -> bool {
        if self.deprecated.is_some() || self.hidden || self.is_help {
            return false;
        }
        self.runnable() || self.has_available_subcommands()
    }

    pub(crate) fn has_available_subcommands(&self) -> bool {
        self.commands.iter().any(Command::is_available)
    }

    fn is_additional_help_topic(&self) -> bool {
        if self.runnable() || self.deprecated.is_some() || self.hidden {
            return false;
        }
        self.commands.iter().all(Command::is_additional_help_topic)
    }

    /// The subcommands sorted by name (cobra's `Commands()` with `EnableCommandSorting`).
    pub(crate) fn sorted_commands(&self) -> Vec<&Command> {
        let mut commands: Vec<&Command> = self.commands.iter().collect();
        commands.sort_by(|a, b| a.name().cmp(b.name()));
        commands
    }

    /// cobra's `findNext`: a subcommand by exact name or alias.
    pub(crate) fn find_next(&self, word: &str) -> Option<usize> {
        self.commands
            .iter()
            .position(|c| c.name() == word || c.has_alias(word))
    }

    fn name_padding_for_children(&self) -> usize {
        self.commands
            .iter()
            .map(|c| c.name().len())
            .max()
            .unwrap_or(0)
            .max(11)
    }

    fn command_path_padding_for_children(&self, path: &str) -> usize {
        self.commands
            .iter()
            .map(|c| path.len() + 1 + c.name().len())
            .max()
            .unwrap_or(0)
            .max(11)
    }
}

/// A command found in the tree: the chain from the root to it.
#[derive(Debug)]
pub(crate) struct Chain<'a> {
    pub(crate) commands: Vec<&'a Command>,
}

impl<'a> Chain<'a> {
    pub(crate) fn root(root: &'a Command) -> Self {
        Chain {
            commands: vec![root],
        }
    }

    pub(crate) fn target(&self) -> &'a Command {
        self.commands[self.commands.len() - 1]
    }

    /// cobra's `CommandPath()`: `helm dependency build`.
    pub(crate) fn path(&self) -> String {
        self.commands
            .iter()
            .map(|c| c.name())
            .collect::<Vec<_>>()
            .join(" ")
    }

    fn parent_path(&self) -> Option<String> {
        (self.commands.len() > 1).then(|| {
            self.commands[..self.commands.len() - 1]
                .iter()
                .map(|c| c.name())
                .collect::<Vec<_>>()
                .join(" ")
        })
    }

    /// The flags the target sees: its own, its persistent ones, then its parents' persistent
    /// ones (nearest first). `root_state` carries the root's pre-parsed global flags.
    pub(crate) fn merged_flags(&self, root_state: Option<&FlagSet>) -> FlagSet {
        let mut set = FlagSet::new();
        let target = self.target();
        for flag in target.flags.iter().chain(&target.persistent_flags) {
            set.add(flag.clone());
        }
        for (depth, parent) in self.commands.iter().enumerate().rev().skip(1) {
            for flag in &parent.persistent_flags {
                let state = if depth == 0 {
                    root_state.and_then(|s| s.lookup(&flag.name))
                } else {
                    None
                };
                set.add(state.unwrap_or(flag).clone());
            }
        }
        if self.commands.len() == 1 {
            // The root's own persistent flags carry the pre-parsed state too.
            if let Some(state) = root_state {
                for flag in state.iter() {
                    if let Some(existing) = set.lookup_mut(&flag.name) {
                        *existing = flag.clone();
                    }
                }
            }
        }
        set
    }

    /// Names of the target's own flags (cobra's `LocalFlags`), persistent ones included.
    fn local_names(&self) -> Vec<&'a str> {
        let target = self.target();
        target
            .flags
            .iter()
            .chain(&target.persistent_flags)
            .map(|f| f.name.as_str())
            .collect()
    }

    /// cobra's `UseLine()`.
    pub(crate) fn use_line(&self, flags: &FlagSet) -> String {
        let target = self.target();
        let mut line = match self.parent_path() {
            Some(parent) => format!("{parent} {}", target.use_line),
            None => target.use_line.clone(),
        };
        if !target.disable_flags_in_use_line && flags.has_available() && !line.contains("[flags]") {
            line.push_str(" [flags]");
        }
        line
    }

    /// cobra's `UsageString()` (its default usage template).
    pub(crate) fn usage(&self, flags: &FlagSet) -> String {
        let c = self.target();
        let path = self.path();
        let mut w = String::from("Usage:");
        if c.runnable() {
            w.push_str("\n  ");
            w.push_str(&self.use_line(flags));
        }
        if c.has_available_subcommands() {
            let _ = write!(w, "\n  {path} [command]");
        }
        if !c.aliases.is_empty() {
            w.push_str("\n\nAliases:\n  ");
            let mut names = vec![c.name()];
            names.extend(c.aliases.iter().copied());
            w.push_str(&names.join(", "));
        }
        if !c.example.is_empty() {
            w.push_str("\n\nExamples:\n");
            w.push_str(&c.example);
        }
        if c.has_available_subcommands() {
            w.push_str("\n\nAvailable Commands:");
            let padding = c.name_padding_for_children();
            for sub in c.sorted_commands() {
                if sub.is_available() || sub.name() == "help" {
                    let _ = write!(w, "\n  {:<padding$} {}", sub.name(), sub.short);
                }
            }
        }
        let local_names = self.local_names();
        let mut local = FlagSet::new();
        let mut inherited = FlagSet::new();
        for flag in flags.iter() {
            if local_names.contains(&flag.name.as_str()) || flag.name == "help" {
                local.add(flag.clone());
            } else {
                inherited.add(flag.clone());
            }
        }
        if local.has_available() {
            w.push_str("\n\nFlags:\n");
            w.push_str(local.usages().trim_end());
        }
        if inherited.has_available() {
            w.push_str("\n\nGlobal Flags:\n");
            w.push_str(inherited.usages().trim_end());
        }
        if c.commands.iter().any(Command::is_additional_help_topic) {
            w.push_str("\n\nAdditional help topics:");
            let padding = c.command_path_padding_for_children(&path);
            for sub in c.sorted_commands() {
                if sub.is_additional_help_topic() {
                    let sub_path = format!("{path} {}", sub.name());
                    let _ = write!(w, "\n  {sub_path:<padding$} {}", sub.short);
                }
            }
        }
        if c.has_available_subcommands() {
            let _ = write!(
                w,
                "\n\nUse \"{path} [command] --help\" for more information about a command."
            );
        }
        w.push('\n');
        w
    }

    /// cobra's default help: the long (or short) description, then the usage.
    pub(crate) fn help(&self, flags: &FlagSet) -> String {
        let c = self.target();
        let mut w = String::new();
        let text = if c.long.is_empty() { &c.short } else { &c.long };
        let text = text.trim_end();
        if !text.is_empty() {
            w.push_str(text);
            w.push_str("\n\n");
        }
        if c.runnable() || !c.commands.is_empty() {
            w.push_str(&self.usage(flags));
        }
        w
    }
}

/// Everything a command's [`RunFn`] gets.
pub(crate) struct Invocation<'a> {
    /// Positional arguments (flags removed).
    pub(crate) args: Vec<String>,
    /// Every flag the command sees, parsed.
    pub(crate) flags: FlagSet,
    /// Helm's `EnvSettings` after the global flags.
    pub(crate) settings: crate::settings::Settings,
    /// The command's place in the tree (`chain.path()` is cobra's `CommandPath()`).
    pub(crate) chain: Chain<'a>,
    /// The whole tree (for `help` and completion).
    pub(crate) root: &'a Command,
    /// The name it was called by (an alias or its name).
    pub(crate) called_as: String,
    /// Standard output: data.
    pub(crate) out: &'a mut dyn Write,
    /// Standard error: diagnostics.
    pub(crate) err: &'a mut dyn Write,
}

impl std::fmt::Debug for Invocation<'_> {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Invocation")
            .field("args", &self.args)
            .field("path", &self.chain.path())
            .finish_non_exhaustive()
    }
}

impl Invocation<'_> {
    /// cobra's `CommandPath()` of the running command.
    pub(crate) fn command_path(&self) -> String {
        self.chain.path()
    }

    /// cobra's `UseLine()` of the running command.
    pub(crate) fn use_line(&self) -> String {
        self.chain.use_line(&self.flags)
    }
}

/// cobra's `stripFlags`: the words of `args` that are not flags or flag values.
fn strip_flags(args: &[String], flags: &FlagSet) -> Vec<String> {
    let mut commands = Vec::new();
    let mut i = 0;
    while i < args.len() {
        let s = &args[i];
        i += 1;
        let takes_value =
            (s.starts_with("--") && !s.contains('=') && !has_no_opt_default(&s[2..], flags))
                || (s.starts_with('-')
                    && !s.starts_with("--")
                    && !s.contains('=')
                    && s.len() == 2
                    && !short_has_no_opt_default(&s[1..], flags));
        if s == "--" {
            break;
        } else if takes_value {
            if args.len() - i <= 1 {
                break;
            }
            i += 1;
        } else if !s.is_empty() && !s.starts_with('-') {
            commands.push(s.clone());
        }
    }
    commands
}

fn has_no_opt_default(name: &str, flags: &FlagSet) -> bool {
    flags
        .lookup(name)
        .is_some_and(|f| f.no_opt_default.is_some())
}

fn short_has_no_opt_default(name: &str, flags: &FlagSet) -> bool {
    let Some(c) = name.bytes().next() else {
        return false;
    };
    flags
        .iter()
        .find(|f| f.shorthand == Some(c))
        .is_some_and(|f| f.no_opt_default.is_some())
}

/// cobra's `argsMinusFirstX`: `args` without the first non-flag occurrence of `x`.
fn args_minus_first(args: &[String], x: &str, flags: &FlagSet) -> Vec<String> {
    let mut pos = 0;
    while pos < args.len() {
        let s = &args[pos];
        if s == "--" {
            break;
        }
        let takes_value =
            (s.starts_with("--") && !s.contains('=') && !has_no_opt_default(&s[2..], flags))
                || (s.starts_with('-')
                    && !s.contains('=')
                    && s.len() == 2
                    && !short_has_no_opt_default(&s[1..], flags));
        if takes_value {
            pos += 2;
            continue;
        }
        if !s.starts_with('-') && s == x {
            let mut out = args[..pos].to_vec();
            out.extend_from_slice(&args[pos + 1..]);
            return out;
        }
        pos += 1;
    }
    args.to_vec()
}

/// cobra's `Find`: the command `args` name and the arguments left for it.
///
/// # Errors
///
/// cobra's `legacyArgs` refusal of an unknown subcommand at the root (the chain is returned
/// with it, for the `Run '<path> --help'` line).
pub(crate) fn find<'a>(
    root: &'a Command,
    args: &[String],
) -> (Chain<'a>, Vec<String>, Option<String>) {
    let mut chain = Chain::root(root);
    let mut rest = args.to_vec();
    loop {
        let flags = chain.merged_flags(None);
        let words = strip_flags(&rest, &flags);
        let Some(next) = words.first() else { break };
        let current = chain.target();
        let Some(index) = current.find_next(next) else {
            break;
        };
        rest = args_minus_first(&rest, next, &flags);
        chain.commands.push(&current.commands[index]);
    }
    let target = chain.target();
    let mut error = None;
    if matches!(target.args, Args::Legacy)
        && !target.commands.is_empty()
        && chain.commands.len() == 1
    {
        let flags = chain.merged_flags(None);
        let words = strip_flags(&rest, &flags);
        if let Some(first) = words.first() {
            error = Some(format!(
                "unknown command {} for {}{}",
                go_quote(first),
                go_quote(&chain.path()),
                suggestions(target, first)
            ));
        }
    }
    (chain, rest, error)
}

/// The name a command was called by in `args` (an alias, or its name).
pub(crate) fn called_as(chain: &Chain<'_>, args: &[String]) -> String {
    let target = chain.target();
    if chain.commands.len() > 1 {
        for word in args {
            if word == target.name() || target.has_alias(word) {
                return word.clone();
            }
        }
    }
    target.name().to_owned()
}

/// cobra's `findSuggestions`: `\n\nDid you mean this?\n\t<name>\n` or nothing.
pub(crate) fn suggestions(command: &Command, typed: &str) -> String {
    let mut list = Vec::new();
    for sub in command.sorted_commands() {
        if !sub.is_available() {
            continue;
        }
        let by_distance = levenshtein(&typed.to_lowercase(), &sub.name().to_lowercase()) <= 2;
        let by_prefix = sub.name().to_lowercase().starts_with(&typed.to_lowercase());
        if by_distance || by_prefix {
            list.push(sub.name().to_owned());
        }
        for word in &sub.suggest_for {
            if word.eq_ignore_ascii_case(typed) {
                list.push(sub.name().to_owned());
            }
        }
    }
    if list.is_empty() {
        return String::new();
    }
    let mut text = String::from("\n\nDid you mean this?\n");
    for name in list {
        text.push('\t');
        text.push_str(&name);
        text.push('\n');
    }
    text
}

/// cobra's `ld` over bytes.
fn levenshtein(s: &str, t: &str) -> usize {
    let s = s.as_bytes();
    let t = t.as_bytes();
    let mut d = vec![vec![0usize; t.len() + 1]; s.len() + 1];
    for (i, row) in d.iter_mut().enumerate() {
        row[0] = i;
    }
    for (j, cell) in d[0].iter_mut().enumerate() {
        *cell = j;
    }
    for j in 1..=t.len() {
        for i in 1..=s.len() {
            d[i][j] = if s[i - 1] == t[j - 1] {
                d[i - 1][j - 1]
            } else {
                d[i - 1][j].min(d[i][j - 1]).min(d[i - 1][j - 1]) + 1
            };
        }
    }
    d[s.len()][t.len()]
}

/// Go's `%q` of a string.
pub(crate) fn go_quote(s: &str) -> String {
    rudder::value::strconv::quote(s)
}

/// Checks the positional arguments against the command's rule.
///
/// # Errors
///
/// The rule's error text.
pub(crate) fn validate_args(
    chain: &Chain<'_>,
    flags: &FlagSet,
    args: &[String],
) -> Result<(), String> {
    let c = chain.target();
    let path = chain.path();
    let plural = |n: usize| if n == 1 { "argument" } else { "arguments" };
    let usage = || chain.use_line(flags);
    match c.args {
        Args::Legacy => {
            if c.commands.is_empty() {
                return Ok(());
            }
            if chain.commands.len() == 1 && !args.is_empty() {
                return Err(format!(
                    "unknown command {} for {}{}",
                    go_quote(&args[0]),
                    go_quote(&path),
                    suggestions(c, &args[0])
                ));
            }
            Ok(())
        }
        Args::None if !args.is_empty() => Err(format!(
            "{} accepts no arguments\n\nUsage:  {}",
            go_quote(&path),
            usage()
        )),
        Args::Exact(n) if args.len() != n => Err(format!(
            "{} requires {n} {}\n\nUsage:  {}",
            go_quote(&path),
            plural(n),
            usage()
        )),
        Args::Minimum(n) if args.len() < n => Err(format!(
            "{} requires at least {n} {}\n\nUsage:  {}",
            go_quote(&path),
            plural(n),
            usage()
        )),
        Args::Maximum(n) if args.len() > n => Err(format!(
            "{} accepts at most {n} {}\n\nUsage:  {}",
            go_quote(&path),
            plural(n),
            usage()
        )),
        Args::CobraNone if !args.is_empty() => Err(format!(
            "unknown command {} for {}",
            go_quote(&args[0]),
            go_quote(&path)
        )),
        Args::CobraMinimum(n) if args.len() < n => Err(format!(
            "requires at least {n} arg(s), only received {}",
            args.len()
        )),
        Args::CobraExact(n) if args.len() != n => {
            Err(format!("accepts {n} arg(s), received {}", args.len()))
        }
        Args::CobraMaximum(n) if args.len() > n => Err(format!(
            "accepts at most {n} arg(s), received {}",
            args.len()
        )),
        Args::CobraExactValid(n) => {
            if args.len() != n {
                return Err(format!("accepts {n} arg(s), received {}", args.len()));
            }
            only_valid(c, &path, args)
        }
        Args::CobraOnlyValid => only_valid(c, &path, args),
        _ => Ok(()),
    }
}

fn only_valid(c: &Command, path: &str, args: &[String]) -> Result<(), String> {
    if c.valid_args.is_empty() {
        return Ok(());
    }
    for arg in args {
        let valid = c
            .valid_args
            .iter()
            .any(|v| v.split('\t').next() == Some(arg.as_str()));
        if !valid {
            return Err(format!(
                "invalid argument {} for {}{}",
                go_quote(arg),
                go_quote(path),
                suggestions(c, &args[0])
            ));
        }
    }
    Ok(())
}

/// cobra's `ValidateFlagGroups` for mutually exclusive groups.
///
/// # Errors
///
/// `if any flags in the group [a b] are set none of the others can be; [a b] were all set`.
pub(crate) fn validate_exclusive(c: &Command, flags: &FlagSet) -> Result<(), String> {
    let mut groups: Vec<String> = c
        .exclusive_groups
        .iter()
        .filter(|g| g.iter().all(|n| flags.lookup(n).is_some()))
        .map(|g| g.join(" "))
        .collect();
    groups.sort();
    groups.dedup();
    for group in groups {
        let mut set: Vec<&str> = group.split(' ').filter(|n| flags.changed(n)).collect();
        if set.len() > 1 {
            set.sort_unstable();
            return Err(format!(
                "if any flags in the group [{group}] are set none of the others can be; [{}] were all set",
                set.join(" ")
            ));
        }
    }
    Ok(())
}

/// cobra's generated `help [command]` command.
pub(crate) fn help_command(root_name: &str) -> Command {
    let mut command = Command::new("help [command]")
        .short("Help about any command")
        .long(&format!(
            "Help provides help for any command in the application.\nSimply type {root_name} help [path to command] for full details."
        ))
        .run(run_help);
    command.is_help = true;
    command
}

fn run_help(inv: &mut Invocation<'_>) -> Result<(), CommandError> {
    let (chain, _, error) = find(inv.root, &inv.args);
    if error.is_some() {
        let topics: Vec<String> = inv.args.iter().map(|a| format!("`{a}`")).collect();
        writeln!(inv.err, "Unknown help topic [{}]", topics.join(" "))?;
        // The root's usage without its help flag: cobra adds that flag only to the command
        // it executes (here `help`).
        let root = Chain::root(inv.root);
        let flags = root.merged_flags(Some(&inv.flags));
        write!(inv.err, "{}", root.usage(&flags))?;
        return Ok(());
    }
    let flags = with_help_flag(&chain, chain.merged_flags(Some(&inv.flags)));
    write!(inv.out, "{}", chain.help(&flags))?;
    Ok(())
}

/// cobra's `InitDefaultHelpFlag`: `-h, --help` unless the command defines `help` itself.
pub(crate) fn with_help_flag(chain: &Chain<'_>, mut flags: FlagSet) -> FlagSet {
    if flags.lookup("help").is_none() {
        let shorthand = if flags.iter().any(|f| f.shorthand == Some(b'h')) {
            ""
        } else {
            "h"
        };
        flags.add(Flag::bool(
            "help",
            shorthand,
            false,
            &format!("help for {}", chain.target().name()),
        ));
    }
    flags
}

#[cfg(test)]
mod tests {
    use super::*;

    fn args(list: &[&str]) -> Vec<String> {
        list.iter().map(|s| (*s).to_owned()).collect()
    }

    fn tree() -> Command {
        Command::new("helm")
            .persistent_flags([
                Flag::string("namespace", "n", "", "namespace scope for this request"),
                Flag::bool("debug", "", false, "enable verbose output"),
            ])
            .subcommand(
                Command::new("dependency update|build|list")
                    .aliases(&["dep", "dependencies"])
                    .subcommand(Command::new("build [CHART]").run(|_| Ok(()))),
            )
            .subcommand(
                Command::new("template [NAME] [CHART]")
                    .flag(Flag::string_array("set", "", &[], "set values"))
                    .run(|_| Ok(())),
            )
    }

    #[test]
    fn finds_subcommands_through_flags_and_aliases() {
        let root = tree();
        let (chain, rest, error) = find(&root, &args(&["-n", "x", "dep", "build", "--debug", "c"]));
        assert_eq!(chain.path(), "helm dependency build");
        assert_eq!(rest, args(&["-n", "x", "--debug", "c"]));
        assert!(error.is_none());
        let (chain, rest, _) = find(&root, &args(&["template", "--set", "template", "x"]));
        assert_eq!(chain.path(), "helm template");
        assert_eq!(rest, args(&["--set", "template", "x"]));
    }

    #[test]
    fn unknown_command_at_the_root_suggests() {
        let root = tree();
        let (chain, _, error) = find(&root, &args(&["templat"]));
        assert_eq!(chain.path(), "helm");
        assert_eq!(
            error.as_deref(),
            Some("unknown command \"templat\" for \"helm\"\n\nDid you mean this?\n\ttemplate\n")
        );
    }

    #[test]
    fn levenshtein_as_cobra() {
        assert_eq!(levenshtein("templat", "template"), 1);
        assert_eq!(levenshtein("", "abc"), 3);
        assert_eq!(levenshtein("kitten", "sitting"), 3);
    }
}
