//! The scaling story of `instructor load`: complete cycles per second, and the p99 latency of
//! the login and of the slowest step, from 1 to 500 students.
//!
//! ```sh
//! cargo run --release -p instructor --example scaling
//! cargo run --release -p instructor --example scaling -- --students 1,50,200 --duration 2s --out /tmp/scaling.svg
//! ```
//!
//! For each student count it runs the class in-process (`instructor::load::run`: our app and
//! the mocks on free ports, a fresh database) for `--duration` (default 4 s; or
//! `SCALING_DURATION`), and prints one line as it goes: cycles per second, the login's p50
//! and p99, the slowest step's (by p99), errors, and whether the app held. The counts are
//! `--students` (default 1,10,25,50,100,200,300,500; or `SCALING_STUDENTS`). Then it draws
//! two panels, throughput above and p99 below, against the students on a log scale, with the
//! classroom target on each, as SVG (`--out`, default `docs/scaling.svg` at the workspace
//! root).
//!
//! Exit code: 0 when every point held (no error, every correctness figure 0), 1 otherwise,
//! 2 when a point could not run or the plot could not be written.

use std::error::Error;
use std::io::Write;
use std::path::{Path, PathBuf};
use std::process::ExitCode;
use std::time::Duration;

use checker::harness::Targets;
use clap::Parser;
use instructor::load::LoadOptions;
use instructor::load::figures::{Figures, Latency, Step};
use plotters::coord::Shift;
use plotters::coord::combinators::WithKeyPoints;
use plotters::coord::ranged1d::ValueFormatter;
use plotters::prelude::*;

/// The classroom target: 1,000 cycles per second with 200 students, p99 under 50 ms.
const TARGET_STUDENTS: f64 = 200.0;
const TARGET_CYCLES_PER_SECOND: f64 = 1000.0;
const TARGET_P99_MS: f64 = 50.0;

/// The flags.
#[derive(Debug, Parser)]
#[command(about = "Throughput and p99 latency of `instructor load` from 1 to 500 students, as SVG")]
struct Args {
    /// The student counts, comma-separated: one in-process load run each.
    #[arg(long, env = "SCALING_STUDENTS", value_delimiter = ',',
          default_values_t = [1, 10, 25, 50, 100, 200, 300, 500])]
    students: Vec<usize>,
    /// How long each run lasts (e.g. 4s, 500ms).
    #[arg(long, env = "SCALING_DURATION", default_value = "4s",
          value_parser = humantime::parse_duration)]
    duration: Duration,
    /// Where the SVG goes [default: docs/scaling.svg at the workspace root].
    #[arg(long, value_name = "PATH")]
    out: Option<PathBuf>,
}

/// What one run measured, as the table and the plot show it.
struct Point {
    students: usize,
    cycles_per_second: f64,
    login: Option<Latency>,
    /// The step with the highest p99.
    slowest: Option<(Step, Latency)>,
    errors: u64,
    held: bool,
}

impl Point {
    fn of(students: usize, figures: &Figures) -> Point {
        let login = figures.steps.iter().find(|(s, _)| *s == Step::Login);
        let slowest = figures
            .steps
            .iter()
            .max_by(|(_, a), (_, b)| a.p99_ms.total_cmp(&b.p99_ms));
        Point {
            students,
            cycles_per_second: figures.cycles_per_second(),
            login: login.map(|(_, l)| *l),
            slowest: slowest.copied(),
            errors: figures.error_count(),
            held: figures.held(),
        }
    }

    fn line(&self) -> String {
        let ms = |l: Option<Latency>| match l {
            Some(l) => format!("{:>9.2}{:>9.2}", l.p50_ms, l.p99_ms),
            None => format!("{:>9}{:>9}", "-", "-"),
        };
        let name = self.slowest.map_or("-", |(s, _)| s.name());
        format!(
            "{:>8}{:>10.1}  {}  {:<14}{}{:>8}  {}",
            self.students,
            self.cycles_per_second,
            ms(self.login),
            name,
            ms(self.slowest.map(|(_, l)| l)),
            self.errors,
            if self.held { "yes" } else { "NO" }
        )
    }
}

const HEADER: &str =
    "students  cycles/s  login p50  login p99  slowest step   p50 ms   p99 ms  errors  held";

fn main() -> ExitCode {
    let args = Args::parse();
    let out = args.out.clone().unwrap_or_else(default_out);
    println!(
        "{} s per point, in-process; the plot goes to {}",
        args.duration.as_secs_f64(),
        out.display()
    );
    let points = match measure_all(&args) {
        Ok(points) => points,
        Err(error) => {
            eprintln!("error: {error}");
            return ExitCode::from(2);
        }
    };
    if let Err(error) = plot(&points, &out) {
        eprintln!("error: cannot write {}: {error}", out.display());
        return ExitCode::from(2);
    }
    println!("Wrote {}", out.display());
    match points.iter().all(|p| p.held) {
        true => ExitCode::SUCCESS,
        false => ExitCode::from(1),
    }
}

/// Every point in turn, each printed as soon as it is measured.
fn measure_all(args: &Args) -> Result<Vec<Point>, String> {
    println!("{HEADER}");
    let mut points = Vec::new();
    for &students in &args.students {
        let point = measure(students.max(1), args.duration)
            .map_err(|e| format!("{students} students: {e}"))?;
        println!("{}", point.line());
        let _ = std::io::stdout().flush();
        points.push(point);
    }
    Ok(points)
}

/// `docs/scaling.svg` at the workspace root.
fn default_out() -> PathBuf {
    let checker = Path::new(env!("CARGO_MANIFEST_DIR"));
    checker.parent().unwrap_or(checker).join("docs/scaling.svg")
}

/// One in-process load run, in a runtime of its own so that no run's servers outlive it.
fn measure(students: usize, duration: Duration) -> Result<Point, Box<dyn Error>> {
    let runtime = tokio::runtime::Builder::new_multi_thread()
        .enable_all()
        .build()?;
    let options = LoadOptions {
        targets: Targets::default(),
        students,
        duration,
        cycles: None,
        rate: None,
        progress: false,
    };
    let figures = runtime.block_on(instructor::load::run(&options));
    runtime.shutdown_background();
    Ok(Point::of(students, &figures.map_err(|e| e.0)?))
}

/// Both panels, one above the other, under a title.
fn plot(points: &[Point], out: &Path) -> Result<(), Box<dyn Error>> {
    let root = SVGBackend::new(out, (900, 860)).into_drawing_area();
    root.fill(&WHITE)?;
    let root = root.titled(
        "instructor load, in-process: throughput and p99 latency by class size",
        ("sans-serif", 24),
    )?;
    let (top, bottom) = root.split_vertically(400);
    throughput(points, &top)?;
    latency(points, &bottom)?;
    root.present()?;
    Ok(())
}

type Area<'a> = DrawingArea<SVGBackend<'a>, Shift>;

/// The students axis: log scale, a tick at each count measured.
fn students_axis(points: &[Point]) -> WithKeyPoints<LogCoord<f64>> {
    let max = points.iter().map(|p| p.students).max().unwrap_or(1) as f64;
    let ticks = points.iter().map(|p| p.students as f64).collect();
    (0.8..max * 1.25).log_scale().with_key_points(ticks)
}

/// The p99 axis: log scale, a tick at 1, 2 and 5 of each power of ten.
fn milliseconds_axis(low: f64, high: f64) -> WithKeyPoints<LogCoord<f64>> {
    let ticks = (-2..6)
        .flat_map(|e| [1.0, 2.0, 5.0].map(|m| m * 10f64.powi(e)))
        .filter(|t| (low..=high).contains(t))
        .collect();
    (low..high).log_scale().with_key_points(ticks)
}

/// Complete cycles per second against students, and the target as a point.
fn throughput(points: &[Point], area: &Area) -> Result<(), Box<dyn Error>> {
    let top = points
        .iter()
        .map(|p| p.cycles_per_second)
        .fold(0.0, f64::max);
    let top = top.max(TARGET_CYCLES_PER_SECOND) * 1.15;
    let mut chart = ChartBuilder::on(area)
        .caption("Complete cycles per second", ("sans-serif", 20))
        .margin(12)
        .x_label_area_size(44)
        .y_label_area_size(64)
        .build_cartesian_2d(students_axis(points), 0.0..top)?;
    mesh(&mut chart, "cycles / s")?;
    let data = points
        .iter()
        .map(|p| (p.students as f64, p.cycles_per_second));
    chart
        .draw_series(LineSeries::new(data, BLUE.stroke_width(2)).point_size(4))?
        .label("complete cycles per second")
        .legend(|(x, y)| PathElement::new([(x, y), (x + 20, y)], BLUE.stroke_width(2)));
    let target = (TARGET_STUDENTS, TARGET_CYCLES_PER_SECOND);
    chart
        .draw_series([Cross::new(target, 7, RED.stroke_width(3))])?
        .label("target: 1,000 cycles/s with 200 students")
        .legend(|(x, y)| Cross::new((x + 10, y), 5, RED.stroke_width(3)));
    legend(&mut chart, SeriesLabelPosition::UpperLeft)
}

/// The p99 of the login and of the slowest step, on a log scale, and the 50 ms target.
fn latency(points: &[Point], area: &Area) -> Result<(), Box<dyn Error>> {
    let login: Vec<_> = (points.iter())
        .filter_map(|p| p.login.map(|l| (p.students as f64, l.p99_ms.max(0.01))))
        .collect();
    let slowest: Vec<_> = (points.iter())
        .filter_map(|p| {
            p.slowest
                .map(|(_, l)| (p.students as f64, l.p99_ms.max(0.01)))
        })
        .collect();
    let all = login.iter().chain(&slowest).map(|(_, ms)| *ms);
    let (low, high) = all.fold((TARGET_P99_MS, TARGET_P99_MS), |(lo, hi), ms| {
        (lo.min(ms), hi.max(ms))
    });
    let mut chart = ChartBuilder::on(area)
        .caption("p99 latency (log scale)", ("sans-serif", 20))
        .margin(12)
        .x_label_area_size(44)
        .y_label_area_size(64)
        .build_cartesian_2d(
            students_axis(points),
            milliseconds_axis(low / 1.6, high * 1.6),
        )?;
    mesh(&mut chart, "p99 ms")?;
    let xs = chart.x_range();
    let target = [(xs.start, TARGET_P99_MS), (xs.end, TARGET_P99_MS)];
    chart
        .draw_series(DashedLineSeries::new(target, 8, 5, RED.stroke_width(2)))?
        .label("target: p99 under 50 ms")
        .legend(|(x, y)| PathElement::new([(x, y), (x + 20, y)], RED.stroke_width(2)));
    // The slowest step is often the login itself: drawn wide and pale under it.
    let series = [
        (
            slowest,
            MAGENTA.mix(0.45).stroke_width(7),
            "slowest step, by p99 (named in the table)",
        ),
        (
            login,
            BLUE.stroke_width(2),
            "login (through the provider's pages)",
        ),
    ];
    for (data, style, name) in series {
        chart
            .draw_series(LineSeries::new(data, style).point_size(4))?
            .label(name)
            .legend(move |(x, y)| PathElement::new([(x, y), (x + 20, y)], style));
    }
    legend(&mut chart, SeriesLabelPosition::UpperLeft)
}

type Chart<'a, 'b, Y> =
    ChartContext<'a, SVGBackend<'b>, Cartesian2d<WithKeyPoints<LogCoord<f64>>, Y>>;

/// The grid, and both axes labelled.
fn mesh<Y>(chart: &mut Chart<Y>, y_desc: &str) -> Result<(), Box<dyn Error>>
where
    Y: Ranged<ValueType = f64> + ValueFormatter<f64>,
{
    chart
        .configure_mesh()
        .x_desc("students at once (log scale)")
        .y_desc(y_desc)
        .x_label_formatter(&|x| format!("{x:.0}"))
        .y_label_formatter(&|y| format!("{y}"))
        .axis_desc_style(("sans-serif", 16))
        .label_style(("sans-serif", 14))
        .max_light_lines(0)
        .bold_line_style(BLACK.mix(0.12))
        .draw()?;
    Ok(())
}

fn legend<'a, 'b: 'a, Y: Ranged<ValueType = f64>>(
    chart: &mut Chart<'a, 'b, Y>,
    position: SeriesLabelPosition,
) -> Result<(), Box<dyn Error>> {
    chart
        .configure_series_labels()
        .position(position)
        .label_font(("sans-serif", 14))
        .background_style(WHITE.mix(0.9))
        .border_style(BLACK.mix(0.4))
        .draw()?;
    Ok(())
}
