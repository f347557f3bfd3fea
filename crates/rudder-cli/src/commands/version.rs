//! `rudder version`: Helm's `version.BuildInfo` line, so that scripts parsing `helm version`
//! keep working. `Version` is the Helm release rudder is compatible with; rudder's own version
//! is appended as `RudderVersion` (see COMPATIBILITY.md).

use rudder::template::Templates;
use rudder::value::{Map, Value};

use crate::args::{Args, Command, Flag, Invocation};
use crate::exit::CommandError;
use crate::settings::Env;

const VERSION_DESC: &str = r#"
Show the version for Helm.

This will print a representation the version of Helm.
The output will look something like this:

version.BuildInfo{Version:"v3.2.1", GitCommit:"fe51cd1e31e6a202cba7dead9552a6d418ded79a", GitTreeState:"clean", GoVersion:"go1.13.10"}

- Version is the semantic version of the release.
- GitCommit is the SHA for the commit that this version was built from.
- GitTreeState is "clean" if there are no local code changes when this binary was
  built, and "dirty" if the binary was built from locally modified code.
- GoVersion is the version of Go that was used to compile Helm.

When using the --template flag the following properties are available to use in
the template:

- .Version contains the semantic version of Helm
- .GitCommit is the git commit
- .GitTreeState is the state of the git tree when Helm was built
- .GoVersion contains the version of Go that Helm was compiled with

For example, --template='Version: {{.Version}}' outputs 'Version: v3.2.1'.
"#;

pub(crate) fn command(_env: &Env) -> Command {
    Command::new("version")
        .short("print the helm version information")
        .long(VERSION_DESC)
        .args(Args::None)
        .flag(Flag::bool("short", "", false, "print the version number"))
        .flag(Flag::string("template", "", "", "template for version string format"))
        .run(run)
}

fn run(inv: &mut Invocation<'_>) -> Result<(), CommandError> {
    let info = rudder::BuildInfo::current();
    let template = inv.flags.get_string("template");
    if !template.is_empty() {
        let fields = Map::new();
        for (key, value) in [
            ("Version", info.version),
            ("GitCommit", info.git_commit),
            ("GitTreeState", info.git_tree_state),
            ("GoVersion", info.compiler_version),
            ("KubeClientVersion", info.kube_client_version),
            ("RudderVersion", info.rudder_version),
        ] {
            fields.insert(key, Value::from(value));
        }
        let mut templates = Templates::new("_");
        templates
            .parse("_", template)
            .map_err(|e| CommandError::new(e.to_string()))?;
        let text = templates
            .execute_to_string("_", &Value::from(fields))
            .map_err(|e| CommandError::new(e.to_string()))?;
        write!(inv.out, "{text}")?;
        return Ok(());
    }
    if inv.flags.get_bool("short") {
        writeln!(inv.out, "{}", info.short())?;
    } else {
        writeln!(inv.out, "{}", info.go_syntax())?;
    }
    Ok(())
}
