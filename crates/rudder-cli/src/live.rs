//! Beyond Helm: the live view of `--wait` on a terminal (COMPATIBILITY.md).
//!
//! While `install`, `upgrade` or `rollback` waits for the release's resources, and stderr is a
//! terminal, a few lines on stderr say how many resources are still pending and, for each (at
//! most ten), its kstatus status and why. They are redrawn in place whenever the waiter reports
//! a change (`rudder_kube::wait::Progress`) and erased when nothing is pending any more, or at
//! the latest when the command drops its options, so the command's own output is exactly
//! Helm's. Without a terminal (pipes, files, the interop tests), or with `TERM=dumb`, nothing
//! is drawn.

use std::fmt::Write as _;
use std::io::{IsTerminal as _, Write};
use std::sync::{Arc, Mutex, PoisonError};

use rudder::kube::wait::{LiveView, Progress};

use crate::settings::vars;

/// Pending resources listed one per line; the rest are counted.
const MAX_RESOURCES: usize = 10;

/// What was drawn last, so it can be erased.
struct Screen {
    lines: usize,
    width: usize,
    out: Box<dyn Write + Send>,
}

impl Screen {
    fn draw(&mut self, lines: &[String]) {
        let mut text = String::new();
        if self.lines > 0 {
            // Up to the first drawn line, then clear to the end of the screen.
            let _ = write!(text, "\x1b[{}A\r\x1b[J", self.lines);
        }
        for line in lines {
            text.push_str(line);
            text.push('\n');
        }
        self.lines = lines.len();
        let _ = self.out.write_all(text.as_bytes());
        let _ = self.out.flush();
    }
}

impl Drop for Screen {
    fn drop(&mut self) {
        self.draw(&[]);
    }
}

/// The view's lines for `progress`, each cut to `width` characters; none when nothing is
/// pending.
pub(crate) fn render(progress: &Progress, width: usize) -> Vec<String> {
    if progress.pending.is_empty() {
        return Vec::new();
    }
    let cut = |line: String| -> String {
        if line.chars().count() <= width {
            line
        } else {
            let mut short: String = line.chars().take(width.saturating_sub(3)).collect();
            short.push_str("...");
            short
        }
    };
    let mut lines = vec![cut(format!(
        "waiting for {} of {} resources ({}s)",
        progress.pending.len(),
        progress.total,
        progress.elapsed.as_secs()
    ))];
    for p in progress.pending.iter().take(MAX_RESOURCES) {
        let mut line = format!("  {}/", p.kind);
        if !p.namespace.is_empty() {
            let _ = write!(line, "{}/", p.namespace);
        }
        let _ = write!(line, "{}: {:?}", p.name, p.status);
        if !p.message.is_empty() {
            let _ = write!(line, ": {}", p.message.replace('\n', " "));
        }
        lines.push(cut(line));
    }
    if progress.pending.len() > MAX_RESOURCES {
        lines.push(format!(
            "  ... and {} more",
            progress.pending.len() - MAX_RESOURCES
        ));
    }
    lines
}

/// The live view for a command waiting with `wait` (`--wait`'s normalised value; a
/// `rollback_on_failure` install or upgrade waits with the watcher even without it): a
/// callback drawing on stderr when it is a terminal, else none.
pub(crate) fn live_view(wait: &str, rollback_on_failure: bool) -> LiveView {
    let waits = wait != "hookOnly" || rollback_on_failure;
    let term = std::env::var(vars::TERM).unwrap_or_default();
    if !waits || term == "dumb" || !std::io::stderr().is_terminal() {
        return LiveView(None);
    }
    let width = std::env::var(vars::COLUMNS)
        .ok()
        .and_then(|c| c.parse::<usize>().ok())
        .filter(|c| *c > 20)
        .unwrap_or(80)
        - 1;
    let screen = Arc::new(Mutex::new(Screen {
        lines: 0,
        width,
        out: Box::new(std::io::stderr()),
    }));
    LiveView(Some(Arc::new(move |progress: &Progress| {
        let mut screen = screen.lock().unwrap_or_else(PoisonError::into_inner);
        let lines = render(progress, screen.width);
        screen.draw(&lines);
    })))
}

#[cfg(test)]
mod tests {
    use std::time::Duration;

    use rudder::kube::kstatus::Status;
    use rudder::kube::wait::Pending;

    use super::*;

    fn pending(name: &str, message: &str) -> Pending {
        Pending {
            kind: "Deployment".into(),
            namespace: "ns".into(),
            name: name.into(),
            status: Status::InProgress,
            message: message.into(),
        }
    }

    #[test]
    fn lines_of_the_view() {
        let progress = Progress {
            total: 3,
            pending: vec![pending("web", "Available: 0/1"), pending("api", "")],
            elapsed: Duration::from_millis(4200),
        };
        assert_eq!(
            render(&progress, 79),
            [
                "waiting for 2 of 3 resources (4s)",
                "  Deployment/ns/web: InProgress: Available: 0/1",
                "  Deployment/ns/api: InProgress",
            ]
        );
        assert_eq!(render(&progress, 20)[1], "  Deployment/ns/w...");
        let done = Progress {
            pending: Vec::new(),
            ..progress
        };
        assert!(render(&done, 79).is_empty());
    }

    #[test]
    fn many_pending_are_counted() {
        let progress = Progress {
            total: 12,
            pending: (0..12).map(|i| pending(&format!("d{i}"), "")).collect(),
            elapsed: Duration::ZERO,
        };
        let lines = render(&progress, 79);
        assert_eq!(lines.len(), 12);
        assert_eq!(lines[11], "  ... and 2 more");
    }

    #[test]
    fn redraws_erase_what_was_drawn() {
        #[derive(Clone, Default)]
        struct Sink(Arc<Mutex<Vec<u8>>>);
        impl Write for Sink {
            fn write(&mut self, buf: &[u8]) -> std::io::Result<usize> {
                self.0.lock().unwrap().extend_from_slice(buf);
                Ok(buf.len())
            }
            fn flush(&mut self) -> std::io::Result<()> {
                Ok(())
            }
        }
        let sink = Sink::default();
        let mut screen = Screen {
            lines: 0,
            width: 79,
            out: Box::new(sink.clone()),
        };
        screen.draw(&["a".into(), "b".into()]);
        screen.draw(&["c".into()]);
        drop(screen);
        let text = String::from_utf8(sink.0.lock().unwrap().clone()).unwrap();
        assert_eq!(text, "a\nb\n\x1b[2A\r\x1b[Jc\n\x1b[1A\r\x1b[J");
    }
}
