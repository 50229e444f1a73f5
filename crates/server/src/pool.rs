//! A fixed pool of read-only stores. A SQLite connection is `Send` but not `Sync`, so each
//! query takes one store out of the pool for its duration, on a blocking thread.
//!
//! Hand-written rather than r2d2/deadpool: the pool never grows, never reconnects and needs
//! no async waiting (callers are already on `spawn_blocking` threads), which is a mutex, a
//! condition variable and a drop guard.

use crate::ApiError;
use newstrace_store::Store;
use std::sync::{Condvar, Mutex, PoisonError};

/// Read-only stores, each used by one query at a time.
pub(crate) struct ReaderPool {
    idle: Mutex<Vec<Store>>,
    returned: Condvar,
}

impl ReaderPool {
    pub(crate) fn new(stores: Vec<Store>) -> Self {
        Self {
            idle: Mutex::new(stores),
            returned: Condvar::new(),
        }
    }

    /// Runs `f` with a store, waiting for one to be free. Blocking: call from a blocking
    /// thread. The store goes back to the pool even if `f` panics.
    pub(crate) fn with<T>(&self, f: impl FnOnce(&Store) -> T) -> T {
        let store = {
            // A panic elsewhere while holding the lock cannot leave the Vec half-updated
            // (push and pop are the only operations), so a poisoned lock is still usable.
            let mut idle = self.idle.lock().unwrap_or_else(PoisonError::into_inner);
            loop {
                if let Some(store) = idle.pop() {
                    break store;
                }
                idle = self
                    .returned
                    .wait(idle)
                    .unwrap_or_else(PoisonError::into_inner);
            }
        };
        let guard = Checkout {
            pool: self,
            store: Some(store),
        };
        match &guard.store {
            Some(store) => f(store),
            None => unreachable!("a checkout holds its store until dropped"),
        }
    }
}

/// Returns its store to the pool when dropped.
struct Checkout<'p> {
    pool: &'p ReaderPool,
    store: Option<Store>,
}

impl Drop for Checkout<'_> {
    fn drop(&mut self) {
        if let Some(store) = self.store.take() {
            self.pool
                .idle
                .lock()
                .unwrap_or_else(PoisonError::into_inner)
                .push(store);
            self.pool.returned.notify_one();
        }
    }
}

/// Runs `f` on a pooled read-only store on a blocking thread.
pub(crate) async fn read<T, F>(state: &crate::AppState, f: F) -> Result<T, ApiError>
where
    T: Send + 'static,
    F: FnOnce(&Store) -> Result<T, ApiError> + Send + 'static,
{
    let inner = state.inner.clone();
    tokio::task::spawn_blocking(move || inner.readers.with(f))
        .await
        .map_err(ApiError::internal)?
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::sync::Arc;

    #[test]
    fn concurrent_users_share_few_stores_and_every_store_comes_back() {
        let pool = Arc::new(ReaderPool::new(vec![
            Store::open_in_memory().unwrap(),
            Store::open_in_memory().unwrap(),
        ]));
        let threads: Vec<_> = (0..8)
            .map(|_| {
                let pool = pool.clone();
                std::thread::spawn(move || {
                    for _ in 0..50 {
                        pool.with(|s| s.count().unwrap());
                    }
                })
            })
            .collect();
        for t in threads {
            t.join().unwrap();
        }
        assert_eq!(pool.idle.lock().unwrap().len(), 2);
    }

    #[test]
    fn a_panicking_user_returns_its_store() {
        let pool = ReaderPool::new(vec![Store::open_in_memory().unwrap()]);
        let r = std::panic::catch_unwind(std::panic::AssertUnwindSafe(|| {
            pool.with(|_| panic!("boom"));
        }));
        assert!(r.is_err());
        assert_eq!(pool.with(|s| s.count().unwrap().articles), 0);
    }
}
