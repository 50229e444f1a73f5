//! A thread that owns a connection to the store and runs write jobs on it, one after another
//! in the order they were sent, so that storing one batch overlaps with computing the next.
//!
//! SQLite has one writer at a time and our writes are single-threaded work (B-tree inserts,
//! index upkeep, JSON encoding); on two cores, running them beside the analysis and linking
//! of the next batch instead of between them is most of what there is to gain.
//!
//! Order is the whole contract: jobs commit in the order sent, each in its own transaction,
//! so a killed process leaves a prefix of them, which the `*_pending` passes complete on the
//! next run. After a job fails, the later ones are skipped (never written out of order) and
//! the error comes back from the next call that sends or waits.

use super::timing::StepTimes;
use newstrace_store::Store;
use std::path::Path;
use std::sync::mpsc::{Receiver, SyncSender, sync_channel};
use std::sync::{Arc, Mutex};
use std::thread::JoinHandle;

/// A write on the writer's store.
type Work = Box<dyn FnOnce(&mut Store) -> anyhow::Result<()> + Send>;

/// What the writer thread runs: a write, with the step it is timed under.
struct Job {
    step: usize,
    work: Work,
}

/// Jobs waiting beyond the one running: enough to cover a batch's writes, few enough that
/// memory stays bounded when writing is the slower side.
const QUEUE: usize = 8;

/// Jobs between the writer's own checkpoints (see `Store::checkpoint`): about eight
/// batches'. Each restart waits for readers and syncs the file, and a page changed several
/// times between two restarts is copied back once. At 300,000 generated articles restarting
/// every four batches spent 20 s of the writer's time, every eight 11 s with the log peaking
/// at 1.2 GB; every sixteen saved more at 1,000,000 (111 s to 48 s against four) but let the
/// log reach 1.6 GB at 300,000. A restart every batch kept it under 50 MB and spent a third
/// of the writer's time.
const JOBS_PER_CHECKPOINT: usize = 32;

/// The steps writer jobs are timed under, for the `info` log.
pub const STEPS: [&str; 5] = [
    "store articles",
    "save analyses",
    "save findings",
    "save links",
    "checkpoint",
];

/// A store connection on its own thread (see the module docs).
pub struct Writer {
    jobs: Option<SyncSender<Job>>,
    thread: Option<JoinHandle<StepTimes<5>>>,
    /// The first failure of a job, until reported; every job after it is skipped.
    failed: Arc<Mutex<Option<anyhow::Error>>>,
}

/// The result of a job sent with [`Writer::call`], to wait for later.
pub struct Pending<T> {
    result: Receiver<T>,
}

impl Writer {
    /// Opens a second connection to the store file at `path` and starts its thread.
    pub fn open(path: &Path) -> anyhow::Result<Self> {
        let mut store = Store::open(path)?;
        // The log is copied back into the file beside the writes, not inside one commit in
        // fifty (see `Store::checkpoint_in_background`); kept until the thread ends.
        let checkpoint = store.checkpoint_in_background()?;
        let (jobs, queue) = sync_channel::<Job>(QUEUE);
        let failed: Arc<Mutex<Option<anyhow::Error>>> = Arc::default();
        let seen = Arc::clone(&failed);
        let thread = std::thread::Builder::new()
            .name("store-writer".into())
            .spawn(move || {
                let mut times = StepTimes::new("writer", STEPS);
                let mut stopped = false;
                let mut since_checkpoint = 0;
                for job in queue {
                    if stopped {
                        continue;
                    }
                    let mut clock = std::time::Instant::now();
                    let outcome = (job.work)(&mut store);
                    times.charge(&mut clock, job.step);
                    since_checkpoint += 1;
                    if since_checkpoint >= JOBS_PER_CHECKPOINT {
                        since_checkpoint = 0;
                        // Not a write: a busy log is copied at the next one.
                        let _ = store.checkpoint();
                        times.charge(&mut clock, STEPS.len() - 1);
                    }
                    if let Err(e) = outcome {
                        stopped = true;
                        if let Ok(mut slot) = seen.lock() {
                            slot.get_or_insert(e);
                        }
                    }
                }
                drop(checkpoint);
                times
            })?;
        Ok(Self {
            jobs: Some(jobs),
            thread: Some(thread),
            failed,
        })
    }

    /// Queues `work` (timed under `STEPS[step]`); waits only while the queue is full.
    pub fn send(
        &self,
        step: usize,
        work: impl FnOnce(&mut Store) -> anyhow::Result<()> + Send + 'static,
    ) -> anyhow::Result<()> {
        self.check()?;
        let job = Job {
            step,
            work: Box::new(work),
        };
        match &self.jobs {
            Some(jobs) if jobs.send(job).is_ok() => Ok(()),
            _ => Err(self.stopped()),
        }
    }

    /// Queues `work` and returns a handle to wait for what it returns.
    pub fn call<T: Send + 'static>(
        &self,
        step: usize,
        work: impl FnOnce(&mut Store) -> anyhow::Result<T> + Send + 'static,
    ) -> anyhow::Result<Pending<T>> {
        let (tx, result) = sync_channel(1);
        self.send(step, move |store| {
            // On failure `tx` is dropped unsent, and the waiter reports the writer's error.
            // The caller may have gone (it failed elsewhere): nothing to hand back then.
            let _ = tx.send(work(store)?);
            Ok(())
        })?;
        Ok(Pending { result })
    }

    /// Runs what is queued, stops the thread, and logs where its time went.
    pub fn finish(mut self) -> anyhow::Result<()> {
        self.jobs = None;
        if let Some(thread) = self.thread.take() {
            match thread.join() {
                Ok(times) => times.log(),
                Err(_) => anyhow::bail!("the store writer thread panicked"),
            }
        }
        self.check()
    }

    fn check(&self) -> anyhow::Result<()> {
        match self.failed.lock() {
            Ok(mut slot) => match slot.take() {
                Some(e) => Err(e),
                None => Ok(()),
            },
            Err(_) => anyhow::bail!("the store writer thread panicked"),
        }
    }

    fn stopped(&self) -> anyhow::Error {
        self.check()
            .err()
            .unwrap_or_else(|| anyhow::anyhow!("the store writer thread stopped"))
    }
}

impl<T> Pending<T> {
    /// Waits for the job; its error (or the writer's earlier one) if it failed or was skipped.
    pub fn wait(self, writer: &Writer) -> anyhow::Result<T> {
        match self.result.recv() {
            Ok(v) => Ok(v),
            Err(_) => Err(writer.stopped()),
        }
    }
}

impl Drop for Writer {
    fn drop(&mut self) {
        // Dropped without `finish` (an error elsewhere): let queued jobs run, so the store
        // keeps everything sent, then stop.
        self.jobs = None;
        if let Some(thread) = self.thread.take() {
            let _ = thread.join();
        }
    }
}
