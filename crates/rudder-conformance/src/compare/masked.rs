//! The masking rule for charts whose output changes between runs (random strings, generated
//! certificates, the current time).
//!
//! The reference Helm renders such a case twice. Where its two outputs differ and have the same
//! number of lines, the lines that differ between them are masked: rudder's output must have
//! that same number of lines and match the first Helm output on every other line. Where the two
//! Helm outputs have different line counts no line-wise mask exists, and the case is
//! `nondeterministic` (never identical).

/// What two runs of the reference Helm say about one stream.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) enum Mask {
    /// Both runs printed the same bytes: compare exactly.
    Stable,
    /// Same line count; `true` marks a line that differs between the runs.
    Lines(Vec<bool>),
    /// Different line counts: no line-wise mask.
    Unmaskable,
}

/// The text that replaces a masked line when the runner shows a diff.
pub(crate) const MARKER: &str = "<masked: differs between two reference Helm runs>";

fn lines(text: &[u8]) -> Vec<&[u8]> {
    text.split(|byte| *byte == b'\n').collect()
}

/// Derives the mask from two outputs of the same Helm command.
pub(crate) fn between(first: &[u8], second: &[u8]) -> Mask {
    if first == second {
        return Mask::Stable;
    }
    let (first, second) = (lines(first), lines(second));
    if first.len() != second.len() {
        return Mask::Unmaskable;
    }
    Mask::Lines(first.iter().zip(&second).map(|(a, b)| a != b).collect())
}

/// Whether `candidate` matches `reference` outside the masked lines.
pub(crate) fn matches(reference: &[u8], candidate: &[u8], mask: &[bool]) -> bool {
    let (reference, candidate) = (lines(reference), lines(candidate));
    reference.len() == candidate.len()
        && reference.len() == mask.len()
        && reference
            .iter()
            .zip(&candidate)
            .zip(mask)
            .all(|((a, b), masked)| *masked || a == b)
}

/// `text` with every masked line replaced by [`MARKER`] (for diffs), or `None` when its line
/// count does not fit the mask.
pub(crate) fn blank(text: &[u8], mask: &[bool]) -> Option<String> {
    let lines = lines(text);
    if lines.len() != mask.len() {
        return None;
    }
    let shown: Vec<String> = lines
        .iter()
        .zip(mask)
        .map(|(line, masked)| {
            if *masked {
                MARKER.to_owned()
            } else {
                String::from_utf8_lossy(line).into_owned()
            }
        })
        .collect();
    Some(shown.join("\n"))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn stable_outputs_need_no_mask() {
        assert_eq!(between(b"a\nb\n", b"a\nb\n"), Mask::Stable);
    }

    #[test]
    fn differing_lines_are_masked() {
        let first = b"kind: Secret\npassword: abc\ncert: XYZ\nname: x\n";
        let second = b"kind: Secret\npassword: qrs\ncert: UVW\nname: x\n";
        let Mask::Lines(mask) = between(first, second) else {
            panic!("expected a mask")
        };
        assert_eq!(mask, [false, true, true, false, false]);
        // rudder's own random values are fine; everything else must match.
        assert!(matches(
            first,
            b"kind: Secret\npassword: 123\ncert: 456\nname: x\n",
            &mask
        ));
        assert!(!matches(
            first,
            b"kind: Secret\npassword: 123\ncert: 456\nname: y\n",
            &mask
        ));
        // A masked line still has to exist.
        assert!(!matches(
            first,
            b"kind: Secret\npassword: 123\nname: x\n",
            &mask
        ));
        assert_eq!(
            blank(b"kind: Secret\npassword: 1\ncert: 2\nname: x\n", &mask).unwrap(),
            format!("kind: Secret\n{MARKER}\n{MARKER}\nname: x\n")
        );
        assert_eq!(blank(b"one line", &mask), None);
    }

    #[test]
    fn different_line_counts_cannot_be_masked() {
        assert_eq!(between(b"a\nb\n", b"a\nb\nc\n"), Mask::Unmaskable);
    }
}
