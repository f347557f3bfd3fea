//! The printer: how each Go value is rendered for a verb (Go's `fmt/print.go`), and the
//! `Printf` format-string interpreter.

use super::format::{Flags, Fmt, LDIGITS, UDIGITS};
use crate::{ElemType, Kind, List, Map, Object, Value};

/// A value in a slot whose static type is `interface {}` (a map or slice element) or a
/// concrete value. Printing differs only for `%#v` of nil and in method handling depth.
#[derive(Clone, Copy)]
enum Slot<'v> {
    Direct(&'v Value),
    Iface(&'v Value),
}

pub(super) struct Printer<'a> {
    fmt: Fmt<'a>,
    /// Printing a bad verb's operand: do not call `String()` methods.
    erroring: bool,
    /// An explicit argument index was used: extra arguments are not reported.
    reordered: bool,
    good_arg_num: bool,
    /// The maps being printed, outermost first: a map that contains itself is printed as
    /// `<cycle>` where Go would recurse until its stack overflows and the process dies.
    open_maps: Vec<usize>,
}

/// What `badVerb` shows: the operand as passed (`arg`), or the reflected element being printed.
#[derive(Clone, Copy)]
enum Current<'v> {
    None,
    Arg(&'v Value),
    Value(&'v Value),
}

impl<'a> Printer<'a> {
    pub(super) fn new(buf: &'a mut Vec<u8>) -> Self {
        Self {
            fmt: Fmt {
                buf,
                f: Flags::default(),
            },
            erroring: false,
            reordered: false,
            good_arg_num: true,
            open_maps: Vec::new(),
        }
    }

    fn write(&mut self, s: &[u8]) {
        self.fmt.buf.extend_from_slice(s);
    }

    fn write_char(&mut self, c: char) {
        let mut b = [0u8; 4];
        self.fmt
            .buf
            .extend_from_slice(c.encode_utf8(&mut b).as_bytes());
    }

    fn bad_verb(&mut self, verb: char, cur: Current<'_>) {
        self.erroring = true;
        self.write(b"%!");
        self.write_char(verb);
        self.write(b"(");
        match cur {
            Current::Arg(v) if !v.is_nil() => {
                self.write(v.type_name().as_bytes());
                self.write(b"=");
                self.print_arg(v, 'v');
            }
            Current::Value(v) if !v.is_nil() => {
                self.write(v.type_name().as_bytes());
                self.write(b"=");
                self.print_value(Slot::Direct(v), 'v', 0);
            }
            _ => self.write(b"<nil>"),
        }
        self.write(b")");
        self.erroring = false;
    }

    fn fmt_bool(&mut self, v: bool, verb: char, cur: Current<'_>) {
        match verb {
            't' | 'v' => self.fmt.fmt_boolean(v),
            _ => self.bad_verb(verb, cur),
        }
    }

    fn fmt_0x64(&mut self, v: u64, leading0x: bool) {
        let sharp = self.fmt.f.sharp;
        self.fmt.f.sharp = leading0x;
        self.fmt.fmt_integer(v, 16, false, 'v', LDIGITS);
        self.fmt.f.sharp = sharp;
    }

    fn fmt_integer(&mut self, v: u64, signed: bool, verb: char, cur: Current<'_>) {
        match verb {
            'v' => {
                if self.fmt.f.sharp_v && !signed {
                    self.fmt_0x64(v, true);
                } else {
                    self.fmt.fmt_integer(v, 10, signed, verb, LDIGITS);
                }
            }
            'd' => self.fmt.fmt_integer(v, 10, signed, verb, LDIGITS),
            'b' => self.fmt.fmt_integer(v, 2, signed, verb, LDIGITS),
            'o' | 'O' => self.fmt.fmt_integer(v, 8, signed, verb, LDIGITS),
            'x' => self.fmt.fmt_integer(v, 16, signed, verb, LDIGITS),
            'X' => self.fmt.fmt_integer(v, 16, signed, verb, UDIGITS),
            'c' => self.fmt.fmt_c(v),
            'q' => self.fmt.fmt_qc(v),
            'U' => self.fmt.fmt_unicode(v),
            _ => self.bad_verb(verb, cur),
        }
    }

    fn fmt_float(&mut self, v: f64, size: u32, verb: char, cur: Current<'_>) {
        match verb {
            'v' => self.fmt.fmt_float(v, size, b'g', -1),
            'b' | 'g' | 'G' | 'x' | 'X' => self.fmt.fmt_float(v, size, verb as u8, -1),
            'f' | 'e' | 'E' => self.fmt.fmt_float(v, size, verb as u8, 6),
            'F' => self.fmt.fmt_float(v, size, b'f', 6),
            _ => self.bad_verb(verb, cur),
        }
    }

    fn fmt_complex(&mut self, re: f64, im: f64, size: u32, verb: char, cur: Current<'_>) {
        match verb {
            'v' | 'b' | 'g' | 'G' | 'x' | 'X' | 'f' | 'F' | 'e' | 'E' => {
                let old_plus = self.fmt.f.plus;
                self.write(b"(");
                self.fmt_float(re, size / 2, verb, cur);
                self.fmt.f.plus = true;
                self.fmt_float(im, size / 2, verb, cur);
                self.write(b"i)");
                self.fmt.f.plus = old_plus;
            }
            _ => self.bad_verb(verb, cur),
        }
    }

    fn fmt_string(&mut self, v: &[u8], verb: char, cur: Current<'_>) {
        match verb {
            'v' => {
                if self.fmt.f.sharp_v {
                    self.fmt.fmt_q(v);
                } else {
                    self.fmt.fmt_s(v);
                }
            }
            's' => self.fmt.fmt_s(v),
            'x' => self.fmt.fmt_sbx(v, LDIGITS),
            'X' => self.fmt.fmt_sbx(v, UDIGITS),
            'q' => self.fmt.fmt_q(v),
            _ => self.bad_verb(verb, cur),
        }
    }

    /// `[]byte`: `type_name` is `[]byte` at the top level and `[]uint8` inside containers.
    fn fmt_bytes(&mut self, v: &[u8], nil: bool, verb: char, type_name: &str, cur: Current<'_>) {
        match verb {
            'v' | 'd' => {
                if self.fmt.f.sharp_v {
                    self.write(type_name.as_bytes());
                    if nil {
                        self.write(b"(nil)");
                        return;
                    }
                    self.write(b"{");
                    for (i, &c) in v.iter().enumerate() {
                        if i > 0 {
                            self.write(b", ");
                        }
                        self.fmt_0x64(u64::from(c), true);
                    }
                    self.write(b"}");
                } else {
                    self.write(b"[");
                    for (i, &c) in v.iter().enumerate() {
                        if i > 0 {
                            self.write(b" ");
                        }
                        self.fmt.fmt_integer(u64::from(c), 10, false, verb, LDIGITS);
                    }
                    self.write(b"]");
                }
            }
            's' => self.fmt.fmt_s(v),
            'x' => self.fmt.fmt_sbx(v, LDIGITS),
            'X' => self.fmt.fmt_sbx(v, UDIGITS),
            'q' => self.fmt.fmt_q(v),
            _ => {
                // Printed element by element as a []uint8.
                self.write(b"[");
                for (i, &c) in v.iter().enumerate() {
                    if i > 0 {
                        self.write(b" ");
                    }
                    let elem = Value::Uint(u64::from(c), crate::UintKind::Uint8);
                    self.print_value(Slot::Direct(&elem), verb, 1);
                }
                self.write(b"]");
                let _ = cur;
            }
        }
    }

    /// Addresses are not reproducible across processes; rudder prints a fixed placeholder
    /// where Go prints a real pointer.
    fn fmt_pointer(&mut self, value: &Value, verb: char, cur: Current<'_>) {
        let nil = match value {
            Value::Map(m) => m.is_nil(),
            Value::List(l) => l.is_nil(),
            Value::Object(o) => o.kind() == Kind::Ptr && o.is_nil(),
            Value::Bytes(_) => false,
            _ => {
                self.bad_verb(verb, cur);
                return;
            }
        };
        let u: u64 = if nil { 0 } else { 0x00c0_0001_0000 };
        match verb {
            'v' => {
                if self.fmt.f.sharp_v {
                    self.write(b"(");
                    self.write(value.type_name().as_bytes());
                    self.write(b")(");
                    if u == 0 {
                        self.write(b"nil");
                    } else {
                        self.fmt_0x64(u, true);
                    }
                    self.write(b")");
                } else if u == 0 {
                    self.fmt.pad_str("<nil>");
                } else {
                    let sharp = self.fmt.f.sharp;
                    self.fmt_0x64(u, !sharp);
                }
            }
            'p' => {
                let sharp = self.fmt.f.sharp;
                self.fmt_0x64(u, !sharp);
            }
            'b' | 'o' | 'd' | 'x' | 'X' => self.fmt_integer(u, false, verb, cur),
            _ => self.bad_verb(verb, cur),
        }
    }

    /// Go's `handleMethods`: `Error()`/`String()` for the string-like verbs.
    fn handle_methods(&mut self, value: &Value, verb: char) -> bool {
        if self.erroring {
            return false;
        }
        if verb == 'w' {
            self.bad_verb(verb, Current::Arg(value));
            return true;
        }
        if self.fmt.f.sharp_v {
            return false;
        }
        if let Value::Object(o) = value
            && matches!(verb, 'v' | 's' | 'x' | 'X' | 'q')
            && let Some(s) = o.to_go_string()
        {
            self.fmt_string(s.as_bytes(), verb, Current::Arg(value));
            return true;
        }
        false
    }

    /// Go's `printArg`: one operand at the top level.
    pub(super) fn print_arg(&mut self, arg: &Value, verb: char) {
        let cur = Current::Arg(arg);
        if arg.is_nil() {
            match verb {
                'T' | 'v' => self.fmt.pad_str("<nil>"),
                _ => self.bad_verb(verb, Current::None),
            }
            return;
        }
        match verb {
            'T' => {
                let name = arg.type_name();
                self.fmt.fmt_s(name.as_bytes());
                return;
            }
            'p' => {
                self.fmt_pointer(arg, 'p', cur);
                return;
            }
            _ => {}
        }
        match arg {
            Value::Bool(b) => self.fmt_bool(*b, verb, cur),
            Value::Float(f, k) => self.fmt_float(*f, float_size(*k), verb, cur),
            Value::Complex(c) => {
                self.fmt_complex(c.re, c.im, if c.is_64 { 64 } else { 128 }, verb, cur);
            }
            Value::Int(i, _) => self.fmt_integer(*i as u64, true, verb, cur),
            Value::Uint(u, _) => self.fmt_integer(*u, false, verb, cur),
            Value::String(s) => self.fmt_string(s.as_bytes(), verb, cur),
            Value::Bytes(b) => self.fmt_bytes(b, Value::is_nil_bytes(b), verb, "[]byte", cur),
            _ => {
                if !self.handle_methods(arg, verb) {
                    self.print_value(Slot::Direct(arg), verb, 0);
                }
            }
        }
    }

    /// Go's `printValue`: a value reached by reflection (container elements, struct fields).
    fn print_value(&mut self, slot: Slot<'_>, verb: char, depth: usize) {
        let value = match slot {
            Slot::Iface(v) => {
                // An interface-typed slot: its dynamic value is printed one level deeper.
                if depth > 0 && !v.is_nil() && self.handle_methods(v, verb) {
                    return;
                }
                if v.is_nil() {
                    if self.fmt.f.sharp_v {
                        self.write(b"interface {}(nil)");
                    } else {
                        self.write(b"<nil>");
                    }
                    return;
                }
                return self.print_value(Slot::Direct(v), verb, depth + 1);
            }
            Slot::Direct(v) => v,
        };
        if depth > 0 && self.handle_methods(value, verb) {
            return;
        }
        let cur = Current::Value(value);
        match value {
            Value::Nil => {
                if depth == 0 {
                    self.write(b"<invalid reflect.Value>");
                } else if verb == 'v' {
                    self.write(b"<nil>");
                } else {
                    self.bad_verb(verb, Current::None);
                }
            }
            Value::Bool(b) => self.fmt_bool(*b, verb, cur),
            Value::Int(i, _) => self.fmt_integer(*i as u64, true, verb, cur),
            Value::Uint(u, _) => self.fmt_integer(*u, false, verb, cur),
            Value::Float(f, k) => self.fmt_float(*f, float_size(*k), verb, cur),
            Value::Complex(c) => {
                self.fmt_complex(c.re, c.im, if c.is_64 { 64 } else { 128 }, verb, cur);
            }
            Value::String(s) => self.fmt_string(s.as_bytes(), verb, cur),
            Value::Bytes(b) => {
                if matches!(verb, 's' | 'q' | 'x' | 'X') {
                    self.fmt_bytes(b, Value::is_nil_bytes(b), verb, "[]uint8", cur);
                } else if self.fmt.f.sharp_v && Value::is_nil_bytes(b) {
                    self.write(b"[]uint8(nil)");
                } else if self.fmt.f.sharp_v {
                    self.write(b"[]uint8{");
                    for (i, &c) in b.iter().enumerate() {
                        if i > 0 {
                            self.write(b", ");
                        }
                        let elem = Value::Uint(u64::from(c), crate::UintKind::Uint8);
                        self.print_value(Slot::Direct(&elem), verb, depth + 1);
                    }
                    self.write(b"}");
                } else {
                    self.write(b"[");
                    for (i, &c) in b.iter().enumerate() {
                        if i > 0 {
                            self.write(b" ");
                        }
                        let elem = Value::Uint(u64::from(c), crate::UintKind::Uint8);
                        self.print_value(Slot::Direct(&elem), verb, depth + 1);
                    }
                    self.write(b"]");
                }
            }
            Value::Map(m) => self.print_map(m, verb, depth),
            Value::List(l) => self.print_list(l, verb, depth),
            Value::Object(o) => self.print_object(value, o.as_ref(), verb, depth),
        }
    }

    fn print_map(&mut self, m: &Map, verb: char, depth: usize) {
        let id = m.id();
        if self.open_maps.contains(&id) {
            self.write(b"<cycle>");
            return;
        }
        self.open_maps.push(id);
        // Deeply nested data recurses; grow the stack on the heap as needed.
        stacker::maybe_grow(256 * 1024, 4 * 1024 * 1024, || {
            self.print_map_entries(m, verb, depth);
        });
        self.open_maps.pop();
    }

    fn print_map_entries(&mut self, m: &Map, verb: char, depth: usize) {
        if self.fmt.f.sharp_v {
            self.write(m.type_name().as_bytes());
            if m.is_nil() {
                self.write(b"(nil)");
                return;
            }
            self.write(b"{");
        } else {
            self.write(b"map[");
        }
        let iface = m.map_type().elem == ElemType::Interface;
        // A snapshot: printing may not call back into the map, but a map can hold itself.
        let entries = m.entries();
        for (i, (k, v)) in entries.iter().enumerate() {
            if i > 0 {
                if self.fmt.f.sharp_v {
                    self.write(b", ");
                } else {
                    self.write(b" ");
                }
            }
            let key = Value::String(k.clone());
            self.print_value(Slot::Direct(&key), verb, depth + 1);
            self.write(b":");
            let slot = if iface {
                Slot::Iface(v)
            } else {
                Slot::Direct(v)
            };
            self.print_value(slot, verb, depth + 1);
        }
        if self.fmt.f.sharp_v {
            self.write(b"}");
        } else {
            self.write(b"]");
        }
    }

    fn print_list(&mut self, l: &List, verb: char, depth: usize) {
        stacker::maybe_grow(256 * 1024, 4 * 1024 * 1024, || {
            self.print_list_items(l, verb, depth);
        });
    }

    fn print_list_items(&mut self, l: &List, verb: char, depth: usize) {
        if self.fmt.f.sharp_v {
            self.write(l.type_name().as_bytes());
            if l.is_nil() {
                self.write(b"(nil)");
                return;
            }
            self.write(b"{");
        } else {
            self.write(b"[");
        }
        let iface = l.elem() == ElemType::Interface;
        for (i, v) in l.items().iter().enumerate() {
            if i > 0 {
                if self.fmt.f.sharp_v {
                    self.write(b", ");
                } else {
                    self.write(b" ");
                }
            }
            let slot = if iface {
                Slot::Iface(v)
            } else {
                Slot::Direct(v)
            };
            self.print_value(slot, verb, depth + 1);
        }
        if self.fmt.f.sharp_v {
            self.write(b"}");
        } else {
            self.write(b"]");
        }
    }

    fn print_object(&mut self, value: &Value, o: &dyn Object, verb: char, depth: usize) {
        if o.kind() == Kind::Ptr {
            if depth == 0 && !o.is_nil() {
                self.write(b"&");
                self.print_fields(o, verb, depth + 1);
                return;
            }
            self.fmt_pointer(value, verb, Current::Value(value));
            return;
        }
        if o.kind() != Kind::Struct {
            // Other kinds (funcs, channels) print as pointers.
            self.fmt_pointer(value, verb, Current::Value(value));
            return;
        }
        self.print_fields(o, verb, depth);
    }

    fn print_fields(&mut self, o: &dyn Object, verb: char, depth: usize) {
        if self.fmt.f.sharp_v {
            self.write(o.type_name().trim_start_matches('*').as_bytes());
        }
        self.write(b"{");
        for (i, name) in o.field_names().iter().enumerate() {
            if i > 0 {
                if self.fmt.f.sharp_v {
                    self.write(b", ");
                } else {
                    self.write(b" ");
                }
            }
            if self.fmt.f.plus_v || self.fmt.f.sharp_v {
                self.write(name.as_bytes());
                self.write(b":");
            }
            let field = o.field(name).unwrap_or(Value::Nil);
            self.print_value(Slot::Iface(&field), verb, depth + 1);
        }
        self.write(b"}");
    }

    /// Go's `doPrint`: spaces between operands when neither side is a string.
    pub(super) fn do_print(&mut self, args: &[Value]) {
        let mut prev_string = false;
        for (i, arg) in args.iter().enumerate() {
            let is_string = matches!(arg, Value::String(_));
            if i > 0 && !is_string && !prev_string {
                self.write(b" ");
            }
            self.print_arg(arg, 'v');
            prev_string = is_string;
        }
    }

    /// Go's `doPrintln`: spaces always, and a final newline.
    pub(super) fn do_println(&mut self, args: &[Value]) {
        for (i, arg) in args.iter().enumerate() {
            if i > 0 {
                self.write(b" ");
            }
            self.print_arg(arg, 'v');
        }
        self.write(b"\n");
    }

    /// Go's `doPrintf`.
    pub(super) fn do_printf(&mut self, format: &[u8], args: &[Value]) {
        let end = format.len();
        let mut arg_num: usize = 0;
        let mut after_index;
        self.reordered = false;
        let mut i = 0;
        'format: while i < end {
            self.good_arg_num = true;
            let last = i;
            while i < end && format[i] != b'%' {
                i += 1;
            }
            if i > last {
                self.write(&format[last..i]);
            }
            if i >= end {
                break;
            }
            i += 1;
            self.fmt.clear_flags();
            // Flags, and the fast path for a simple lower-case verb.
            while i < end {
                let c = format[i];
                match c {
                    b'#' => self.fmt.f.sharp = true,
                    b'0' => self.fmt.f.zero = true,
                    b'+' => self.fmt.f.plus = true,
                    b'-' => self.fmt.f.minus = true,
                    b' ' => self.fmt.f.space = true,
                    _ => {
                        if c.is_ascii_lowercase() && arg_num < args.len() {
                            if c == b'v' || c == b'w' {
                                self.fmt.f.sharp_v = self.fmt.f.sharp;
                                self.fmt.f.sharp = false;
                                self.fmt.f.plus_v = self.fmt.f.plus;
                                self.fmt.f.plus = false;
                            }
                            self.print_arg(&args[arg_num], char::from(c));
                            arg_num += 1;
                            i += 1;
                            continue 'format;
                        }
                        break;
                    }
                }
                i += 1;
            }

            (arg_num, i, after_index) = self.arg_number(arg_num, format, i, args.len());

            // Width.
            if i < end && format[i] == b'*' {
                i += 1;
                let (w, ok, next) = int_from_arg(args, arg_num);
                self.fmt.f.wid = w;
                self.fmt.f.wid_present = ok;
                arg_num = next;
                if !ok {
                    self.write(b"%!(BADWIDTH)");
                }
                if self.fmt.f.wid < 0 {
                    self.fmt.f.wid = -self.fmt.f.wid;
                    self.fmt.f.minus = true;
                    self.fmt.f.zero = false;
                }
                after_index = false;
            } else {
                let (w, ok, next) = parse_num(format, i, end);
                self.fmt.f.wid = w;
                self.fmt.f.wid_present = ok;
                i = next;
                if after_index && ok {
                    self.good_arg_num = false;
                }
            }

            // Precision.
            if i + 1 < end && format[i] == b'.' {
                i += 1;
                if after_index {
                    self.good_arg_num = false;
                }
                (arg_num, i, after_index) = self.arg_number(arg_num, format, i, args.len());
                if i < end && format[i] == b'*' {
                    i += 1;
                    let (p, ok, next) = int_from_arg(args, arg_num);
                    self.fmt.f.prec = p;
                    self.fmt.f.prec_present = ok;
                    arg_num = next;
                    if self.fmt.f.prec < 0 {
                        self.fmt.f.prec = 0;
                        self.fmt.f.prec_present = false;
                    }
                    if !self.fmt.f.prec_present {
                        self.write(b"%!(BADPREC)");
                    }
                    after_index = false;
                } else {
                    let (p, ok, next) = parse_num(format, i, end);
                    self.fmt.f.prec = p;
                    self.fmt.f.prec_present = ok;
                    i = next;
                    if !ok {
                        self.fmt.f.prec = 0;
                        self.fmt.f.prec_present = true;
                    }
                }
            }

            if !after_index {
                (arg_num, i, after_index) = self.arg_number(arg_num, format, i, args.len());
            }
            let _ = after_index;

            if i >= end {
                self.write(b"%!(NOVERB)");
                break;
            }

            let (verb, size) = match crate::unicode::utf8_decode(&format[i..]) {
                Some((c, w)) => (c, w),
                None => ('\u{FFFD}', 1),
            };
            i += size;

            if verb == '%' {
                self.write(b"%");
            } else if !self.good_arg_num {
                self.write(b"%!");
                self.write_char(verb);
                self.write(b"(BADINDEX)");
            } else if arg_num >= args.len() {
                self.write(b"%!");
                self.write_char(verb);
                self.write(b"(MISSING)");
            } else {
                if verb == 'v' || verb == 'w' {
                    self.fmt.f.sharp_v = self.fmt.f.sharp;
                    self.fmt.f.sharp = false;
                    self.fmt.f.plus_v = self.fmt.f.plus;
                    self.fmt.f.plus = false;
                }
                self.print_arg(&args[arg_num], verb);
                arg_num += 1;
            }
        }

        if !self.reordered && arg_num < args.len() {
            self.fmt.clear_flags();
            self.write(b"%!(EXTRA ");
            for (k, arg) in args[arg_num..].iter().enumerate() {
                if k > 0 {
                    self.write(b", ");
                }
                if arg.is_nil() {
                    self.write(b"<nil>");
                } else {
                    self.write(arg.type_name().as_bytes());
                    self.write(b"=");
                    self.print_arg(arg, 'v');
                }
            }
            self.write(b")");
        }
    }

    /// Go's `argNumber`: an explicit `[n]` argument index at `format[i..]`.
    fn arg_number(
        &mut self,
        arg_num: usize,
        format: &[u8],
        i: usize,
        num_args: usize,
    ) -> (usize, usize, bool) {
        if format.len() <= i || format[i] != b'[' {
            return (arg_num, i, false);
        }
        self.reordered = true;
        let (index, wid, ok) = parse_arg_number(&format[i..]);
        if ok && index >= 0 && (index as usize) < num_args {
            return (index as usize, i + wid, true);
        }
        self.good_arg_num = false;
        (arg_num, i + wid, ok)
    }
}

fn float_size(k: crate::FloatKind) -> u32 {
    match k {
        crate::FloatKind::F32 => 32,
        crate::FloatKind::F64 => 64,
    }
}

fn too_large(x: i64) -> bool {
    !(-1_000_000..=1_000_000).contains(&x)
}

/// Go's `parsenum`: a decimal number at `s[start..end]`.
fn parse_num(s: &[u8], start: usize, end: usize) -> (i64, bool, usize) {
    if start >= end {
        return (0, false, end);
    }
    let mut num: i64 = 0;
    let mut isnum = false;
    let mut i = start;
    while i < end && s[i].is_ascii_digit() {
        if too_large(num) {
            return (0, false, end);
        }
        num = num * 10 + i64::from(s[i] - b'0');
        isnum = true;
        i += 1;
    }
    (num, isnum, i)
}

/// Go's `parseArgNumber`: `[n]` → (n-1, bytes consumed, ok).
fn parse_arg_number(format: &[u8]) -> (i64, usize, bool) {
    if format.len() < 3 {
        return (0, 1, false);
    }
    for i in 1..format.len() {
        if format[i] == b']' {
            let (width, ok, newi) = parse_num(format, 1, i);
            if !ok || newi != i {
                return (0, i + 1, false);
            }
            return (width - 1, i + 1, true);
        }
    }
    (0, 1, false)
}

/// Go's `intFromArg`: a `*` width or precision.
fn int_from_arg(args: &[Value], arg_num: usize) -> (i64, bool, usize) {
    if arg_num >= args.len() {
        return (0, false, arg_num);
    }
    let (mut num, mut is_int) = match &args[arg_num] {
        Value::Int(n, _) => (*n, true),
        Value::Uint(n, _) => match i64::try_from(*n) {
            Ok(n) => (n, true),
            Err(_) => (0, false),
        },
        _ => (0, false),
    };
    if too_large(num) {
        num = 0;
        is_int = false;
    }
    (num, is_int, arg_num + 1)
}
