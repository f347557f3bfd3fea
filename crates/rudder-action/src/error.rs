//! The error of the storage commands' actions.

/// A failed action. `Display` is the text Helm prints after `Error: `.
#[derive(Debug, thiserror::Error)]
pub enum ActionError {
    /// What Helm reports through `log.Fatal` while setting up (printed by its logger as
    /// `level=INFO msg="..."`, exit status 1): an unknown driver, an SQL database it cannot
    /// reach, memory-driver data it cannot read.
    #[error("{0}")]
    Fatal(String),
    /// A storage failure.
    #[error(transparent)]
    Storage(#[from] rudder_release::Error),
    /// A cluster failure.
    #[error(transparent)]
    Kube(#[from] rudder_kube::Error),
    /// Any other failure, with Helm's text.
    #[error("{0}")]
    Message(String),
}

impl ActionError {
    /// An error with this text.
    pub fn msg(message: impl Into<String>) -> Self {
        Self::Message(message.into())
    }
}
