//! The flags of `instructor load`, and what it prints.

use std::io::Write;

use checker::harness::Targets;
use checker::report::Format;
use clap::Args;
use common::defaults::{MOCK_GITHUB_URL, MOCK_GOOGLE_URL};
use url::Url;

/// The flags of `instructor load`.
#[derive(Debug, Clone, Args)]
pub struct LoadArgs {
    /// How many students at once.
    #[arg(long, default_value_t = 200)]
    pub students: usize,
    /// How long they keep going (e.g. 10s, 1m).
    #[arg(long, default_value = "10s", value_parser = humantime::parse_duration)]
    pub duration: std::time::Duration,
    /// Stop once this many cycles are complete, in all (sooner than --duration).
    #[arg(long)]
    pub cycles: Option<u64>,
    /// A steady pace: start this many cycles per second in all, spread evenly over the
    /// students, as a class working at once would, rather than each student starting the
    /// next cycle as soon as the last one ends. The latencies are then what a student sees at
    /// that pace; `start-delay` says how late cycles started when the lab could not keep up.
    #[arg(long, value_name = "CYCLES_PER_SECOND", value_parser = positive_rate, allow_negative_numbers = true)]
    pub rate: Option<f64>,
    /// Load the app running at this URL instead of starting ours. Each student signs in
    /// with an account of their own when the mocks have the class (started by the load, or
    /// with `mock-providers --class N`); otherwise every student is Ada, the mocks' own
    /// account, and no cycle links or disconnects.
    #[arg(long, value_name = "URL")]
    pub app_url: Option<Url>,
    /// Which of our apps to start in-process: the course's or the hardened one.
    #[arg(long, value_enum, default_value_t, conflicts_with = "app_url")]
    pub app: checker::apps::OurApp,
    /// The mock GitHub the app uses (with --app-url).
    #[arg(long, value_name = "URL", default_value = MOCK_GITHUB_URL)]
    pub github_url: Url,
    /// The mock Google the app uses (with --app-url).
    #[arg(long, value_name = "URL", default_value = MOCK_GOOGLE_URL)]
    pub google_url: Url,
    /// Human text, or one JSON document.
    #[arg(long, value_enum, default_value_t = Format::Human)]
    pub format: Format,
}

impl LoadArgs {
    fn options(&self) -> super::LoadOptions {
        super::LoadOptions {
            targets: Targets {
                app_url: self.app_url.clone(),
                ours: self.app,
                github_url: self.github_url.clone(),
                google_url: self.google_url.clone(),
            },
            students: self.students.max(1),
            duration: self.duration,
            cycles: self.cycles,
            rate: self.rate,
            progress: self.format == Format::Human,
        }
    }
}

/// A `--rate`: a number of cycles per second above 0.
fn positive_rate(text: &str) -> Result<f64, String> {
    match text.parse::<f64>() {
        Ok(rate) if rate.is_finite() && rate > 0.0 => Ok(rate),
        _ => Err(format!(
            "{text} is not a number of cycles per second above 0"
        )),
    }
}

/// `instructor load`: runs the class and prints its figures; the exit code.
pub async fn main(args: LoadArgs) -> u8 {
    match super::run(&args.options()).await {
        Ok(figures) => {
            let text = match args.format {
                Format::Human | Format::Screen => figures.to_text(),
                Format::Json => format!("{:#}\n", figures.to_json()),
            };
            let _ = std::io::stdout().write_all(text.as_bytes());
            figures.exit_code()
        }
        Err(error) => {
            eprintln!("error: {error}");
            2
        }
    }
}
