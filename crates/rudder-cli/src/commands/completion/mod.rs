//! `rudder completion bash|zsh|fish|powershell`: the scripts Helm v4.2.4 prints.
//!
//! Helm's root command is always named `helm`, so its scripts (cobra v1.10.2's
//! `GenBashCompletionV2`, `GenZshCompletion`, `GenFishCompletion`,
//! `GenPowerShellCompletion[WithDesc]`) define `__start_helm`/`_helm` and complete `helm`;
//! when the binary has another name, Helm appends a hook that completes that name too. rudder
//! prints the same bytes: the scripts here are cobra's output for a root named `helm` (the
//! `{{REQUEST}}` mark is `__complete`, or `__completeNoDesc` with `--no-descriptions`), then
//! the hook when `argv[0]` is not `helm`. The scripts call back `<binary> __complete ...`.

use crate::args::{Args, Command, Flag, Invocation};
use crate::exit::CommandError;
use crate::settings::Env;

const BASH: &str = include_str!("helm.bash");
const ZSH: &str = include_str!("helm.zsh");
const FISH: &str = include_str!("helm.fish");
const POWERSHELL: &str = include_str!("helm.ps1");

const COMPLETION_DESC: &str = "
Generate autocompletion scripts for Helm for the specified shell.
";

const BASH_COMP_DESC: &str = "
Generate the autocompletion script for Helm for the bash shell.

To load completions in your current shell session:

    source <(helm completion bash)

To load completions for every new session, execute once:
- Linux:

      helm completion bash > /etc/bash_completion.d/helm

- MacOS:

      helm completion bash > /usr/local/etc/bash_completion.d/helm
";

const ZSH_COMP_DESC: &str = "
Generate the autocompletion script for Helm for the zsh shell.

To load completions in your current shell session:

    source <(helm completion zsh)

To load completions for every new session, execute once:

    helm completion zsh > \"${fpath[1]}/_helm\"
";

const FISH_COMP_DESC: &str = "
Generate the autocompletion script for Helm for the fish shell.

To load completions in your current shell session:

    helm completion fish | source

To load completions for every new session, execute once:

    helm completion fish > ~/.config/fish/completions/helm.fish

You will need to start a new shell for this setup to take effect.
";

const POWERSHELL_COMP_DESC: &str = r"
Generate the autocompletion script for powershell.

To load completions in your current shell session:
PS C:\> helm completion powershell | Out-String | Invoke-Expression

To load completions for every new session, add the output of the above command
to your powershell profile.
";

#[derive(Debug, Clone, Copy)]
#[expect(clippy::enum_variant_names, reason = "PowerShell is the shell's name")]
enum Shell {
    Bash,
    Zsh,
    Fish,
    PowerShell,
}

pub(crate) fn command(_env: &Env) -> Command {
    let shell = |name: &str, short: &str, long: &str, run: crate::args::RunFn| {
        Command::new(name)
            .short(short)
            .long(long)
            .args(Args::None)
            .flag(Flag::bool("no-descriptions", "", false, "disable completion descriptions"))
            .run(run)
    };
    Command::new("completion")
        .short("generate autocompletion scripts for the specified shell")
        .long(COMPLETION_DESC)
        .args(Args::None)
        .subcommand(shell("bash", "generate autocompletion script for bash", BASH_COMP_DESC, |inv| run(inv, Shell::Bash)))
        .subcommand(shell("zsh", "generate autocompletion script for zsh", ZSH_COMP_DESC, |inv| run(inv, Shell::Zsh)))
        .subcommand(shell("fish", "generate autocompletion script for fish", FISH_COMP_DESC, |inv| run(inv, Shell::Fish)))
        .subcommand(shell(
            "powershell",
            "generate autocompletion script for powershell",
            POWERSHELL_COMP_DESC,
            |inv| run(inv, Shell::PowerShell),
        ))
}

fn run(inv: &mut Invocation<'_>, shell: Shell) -> Result<(), CommandError> {
    let request = if inv.flags.get_bool("no-descriptions") {
        "__completeNoDesc"
    } else {
        "__complete"
    };
    let binary = inv.root.name().to_owned();
    let script = match shell {
        Shell::Bash => BASH,
        Shell::Zsh => ZSH,
        Shell::Fish => FISH,
        Shell::PowerShell => POWERSHELL,
    };
    write!(inv.out, "{}", script.replacen("{{REQUEST}}", request, 1))?;
    match shell {
        Shell::Bash if binary != "helm" => write!(
            inv.out,
            "\n# Hook the command used to generate the completion script\n# to the helm completion function to handle the case where\n# the user renamed the helm binary\nif [[ $(type -t compopt) = \"builtin\" ]]; then\n    complete -o default -F __start_helm {binary}\nelse\n    complete -o default -o nospace -F __start_helm {binary}\nfi\n"
        )?,
        Shell::Zsh => {
            if binary != "helm" {
                write!(
                    inv.out,
                    "\n# Hook the command used to generate the completion script\n# to the helm completion function to handle the case where\n# the user renamed the helm binary\ncompdef _helm {binary}\n"
                )?;
            }
            write!(inv.out, "compdef _helm helm")?;
        }
        _ => {}
    }
    Ok(())
}
