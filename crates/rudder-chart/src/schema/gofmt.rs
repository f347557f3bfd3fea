//! How `golang.org/x/text/message`'s English printer shows numbers in jsonschema's
//! messages: integers with `,` grouping (`12,345`), floats as Go's `%v` with grouping, and
//! exponents written `1.5×10⁻⁰⁵`.

/// `p.Sprintf("%d", n)`.
pub(crate) fn int(n: i64) -> String {
    let digits = n.unsigned_abs().to_string();
    let mut out = String::new();
    if n < 0 {
        out.push('-');
    }
    out.push_str(&group(&digits));
    out
}

fn group(digits: &str) -> String {
    let mut out = String::new();
    for (i, c) in digits.chars().enumerate() {
        if i > 0 && (digits.len() - i).is_multiple_of(3) {
            out.push(',');
        }
        out.push(c);
    }
    out
}

fn superscript(c: char) -> char {
    match c {
        '-' => '⁻',
        '0' => '⁰',
        '1' => '¹',
        '2' => '²',
        '3' => '³',
        '4' => '⁴',
        '5' => '⁵',
        '6' => '⁶',
        '7' => '⁷',
        '8' => '⁸',
        '9' => '⁹',
        other => other,
    }
}

/// `p.Sprintf("%v", f)` for a `float64`.
pub(crate) fn float(f: f64) -> String {
    let go = rudder_value::strconv::format_float(f, b'g', -1, 64);
    if let Some((mantissa, exp)) = go.split_once('e') {
        let exp = exp.trim_start_matches('+');
        let sup: String = exp.chars().map(superscript).collect();
        return format!("{mantissa}×10{sup}");
    }
    if !go.chars().any(|c| c.is_ascii_digit()) {
        return go;
    }
    let (sign, rest) = match go.strip_prefix('-') {
        Some(r) => ("-", r),
        None => ("", go.as_str()),
    };
    let (int_part, frac) = match rest.split_once('.') {
        Some((i, f)) => (i, Some(f)),
        None => (rest, None),
    };
    let mut out = format!("{sign}{}", group(int_part));
    if let Some(f) = frac {
        out.push('.');
        out.push_str(f);
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn english_printer() {
        assert_eq!(int(1_234_567), "1,234,567");
        assert_eq!(int(-1234), "-1,234");
        assert_eq!(int(999), "999");
        assert_eq!(float(1234.5), "1,234.5");
        assert_eq!(float(1e6), "1×10⁰⁶");
        assert_eq!(float(1.5e-5), "1.5×10⁻⁰⁵");
        assert_eq!(float(1e21), "1×10²¹");
        assert_eq!(float(-2500.25), "-2,500.25");
        assert_eq!(float(0.0001), "0.0001");
        assert_eq!(float(100_000.5), "100,000.5");
    }
}
