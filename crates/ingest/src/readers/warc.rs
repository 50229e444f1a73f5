//! (Being implemented.)

use super::{Emit, Reader};
use crate::input::Opened;
use crate::limits::Limits;

/// Reader for this format.
pub struct WarcReader;

impl Reader for WarcReader {
    fn read(&self, _input: &mut Opened, _limits: &Limits, _emit: &mut Emit<'_>) {}
}
