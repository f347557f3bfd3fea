//! TODO: date functions.

use rudder_template::Func;

pub(crate) fn register(_add: &mut impl FnMut(&str, Func), _opts: &crate::Options) {}
