//! The release record, its encoding, the storage Driver trait, and the memory driver.
//!
//! Owns: Helm's release record (`pkg/release/v1`) and its JSON, byte for byte as Go's
//! `encoding/json` writes it ([`Release`]); the storage encoding (JSON, gzip, base64:
//! [`codec`]); the object names and labels Helm puts on storage objects ([`make_key`],
//! [`labels`]); the [`Driver`] trait every backend implements; the [`Memory`] driver; and the
//! logic all backends share ([`Storage`]: history, last, deployed, `--history-max` pruning;
//! [`list`]: `helm list`'s filters and sorting).
//!
//! Does not own: the Secret and `ConfigMap` drivers (`rudder-kube`) and the SQL driver
//! (`rudder-storage-sql`), which need network clients; this crate is synchronous at heart and
//! free of any async runtime. Its driver trait returns plain boxed futures (see [`driver`])
//! that any executor can run.
//!
//! Why the record is read by hand: `list` over thousands of releases must not build a value
//! tree for every chart. The reader ([`Release::from_json`]) walks a record once, keeps the
//! typed fields, and keeps untyped values (`config`, chart values) as raw JSON decoded on
//! demand by `rudder-yaml`'s Go-exact decoder.
//!
//! # Example
//! ```
//! use std::sync::Arc;
//! use rudder_release::{Info, Memory, Release, Status, Storage, block_on};
//!
//! let storage = Storage::new(Arc::new(Memory::new()));
//! let release = Release {
//!     name: "web".into(),
//!     namespace: "default".into(),
//!     version: 1,
//!     info: Some(Info { status: Status::Deployed, ..Info::default() }),
//!     ..Release::default()
//! };
//! block_on(storage.create(&release)).unwrap();
//! assert_eq!(block_on(storage.last("web")).unwrap().version, 1);
//! ```

pub mod chart;
pub mod codec;
pub mod driver;
mod error;
pub mod gotime;
mod json;
pub mod labels;
pub mod list;
mod memory;
mod release;
mod storage;
mod values;

pub use chart::{Chart, Dependency, Maintainer, Metadata};
pub use driver::{
    Body, BoxFuture, Driver, Header, KEY_PREFIX, LabelStyle, Operation, Record, make_key, parse_key,
};
pub use error::{Error, is_valid_release_name};
pub use json::{JsonError, write_str as write_json_string};
pub use memory::Memory;
pub use release::{Depth, Hook, HookExecution, Info, Release, Status};
pub use storage::{DebugSink, Storage};
pub use values::Values;

/// Runs a future to completion on the current thread, parking between polls: enough for the
/// memory driver (whose futures are ready at once) and for tests. Backends with real I/O run
/// under their own runtime.
pub fn block_on<F: std::future::Future>(future: F) -> F::Output {
    use std::sync::Arc;
    use std::task::{Context, Poll, Wake, Waker};

    struct Thread(std::thread::Thread);
    impl Wake for Thread {
        fn wake(self: Arc<Self>) {
            self.0.unpark();
        }
    }
    let waker = Waker::from(Arc::new(Thread(std::thread::current())));
    let mut context = Context::from_waker(&waker);
    let mut future = std::pin::pin!(future);
    loop {
        match future.as_mut().poll(&mut context) {
            Poll::Ready(output) => return output,
            Poll::Pending => std::thread::park(),
        }
    }
}
