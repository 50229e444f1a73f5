//! `newstrace`: the command-line face of the newstrace libraries. Wiring and presentation
//! only; the work happens in `newstrace-ingest`, `newstrace-store` and `newstrace-eval`.

mod analysis_view;
mod args;
mod commands;
mod view;

use args::{Cli, Command, EvalCommand, KbCommand, exit};
use clap::Parser;
use std::process::ExitCode;

/// mimalloc instead of the system allocator: analysis and linking make many small, short-lived
/// allocations on several threads, where glibc's malloc spent a sixth of ingest time.
#[global_allocator]
static GLOBAL: mimalloc::MiMalloc = mimalloc::MiMalloc;

fn main() -> ExitCode {
    let cli = match Cli::try_parse() {
        Ok(cli) => cli,
        Err(e) => {
            // Help and version are not errors; usage errors exit 1, as documented.
            let code = if e.use_stderr() {
                exit::ERROR
            } else {
                exit::OK
            };
            let _ = e.print();
            return ExitCode::from(code);
        }
    };
    init_logging(cli.verbose, cli.quiet);
    let ui = commands::Ui { quiet: cli.quiet };
    let result = match cli.command {
        Command::Run(a) => commands::ingest::run(&a, ui, true, &cli.kb),
        Command::Ingest(a) => commands::ingest::run(&a, ui, false, &cli.kb),
        Command::List(a) => commands::list::run(&a),
        Command::Show(a) => commands::show::run(&a),
        Command::Search(a) => commands::search::run(&a),
        Command::Analyze(a) => commands::analyze::run(&a, ui),
        Command::Stories(a) => commands::stories::stories(&a),
        Command::Export(a) => commands::export::run(&a, ui),
        Command::Gen(a) => commands::link::generate(&a),
        Command::BenchAdd(a) => commands::bench_add::run(&a, &cli.kb),
        Command::Eval(EvalCommand::Links(a)) => commands::link::eval_links(&a, ui),
        Command::Story(a) => commands::stories::story(&a),
        Command::Report(a) => commands::report::run(&a),
        Command::Trace(a) => commands::stories::trace(&a),
        Command::Serve(a) => commands::serve::run(&a, &cli.kb),
        Command::Check(a) => commands::check::run(&a, ui, &cli.kb),
        Command::Kb(KbCommand::ImportWikidata(a)) => commands::kb::import_wikidata(&a, ui),
        Command::Extract(a) => commands::extract::run(&a, ui),
        Command::Eval(EvalCommand::Extraction(a)) => commands::eval::extraction(&a),
        Command::Eval(EvalCommand::Dates(a)) => commands::eval::dates(&a),
        Command::Eval(EvalCommand::Attribution(a)) => commands::eval::attribution(&a),
    };
    match result {
        Ok(code) => ExitCode::from(code),
        Err(e) => {
            eprintln!("error: {e:#}");
            ExitCode::from(exit::ERROR)
        }
    }
}

/// Logs go to stderr so stdout stays clean for results. `RUST_LOG` overrides the flags.
fn init_logging(verbose: u8, quiet: bool) {
    let level = match (quiet, verbose) {
        (true, _) => "error",
        (false, 0) => "warn",
        (false, 1) => "info",
        (false, 2) => "debug",
        _ => "trace",
    };
    let filter = tracing_subscriber::EnvFilter::try_from_default_env()
        // html5ever reports markup it repairs ("foster parenting not implemented") at warn;
        // on scraped pages that is noise, not a problem of the user's input.
        .unwrap_or_else(|_| tracing_subscriber::EnvFilter::new(format!("{level},html5ever=error")));
    tracing_subscriber::fmt()
        .with_env_filter(filter)
        .with_writer(std::io::stderr)
        .with_target(false)
        .without_time()
        .init();
}
