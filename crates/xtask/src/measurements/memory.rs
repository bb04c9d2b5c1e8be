//! The cold start modelled at two Lambda memory sizes, from the CPU time a start used on
//! the measuring machine.
//!
//! Lambda gives a function CPU in proportion to its memory: one full vCPU at 1,769 MB,
//! as AWS documents it. On this machine nothing throttles the CPU that way (a cgroup CPU
//! quota is not enforced here), so the throttled start cannot be timed; what can be
//! measured is the CPU time (user and system) a start uses up to its first poll, which
//! the `cold_start` bench and the Python reference report under [`CPU_GROUP`]. Assuming
//! the start is CPU-bound and single-threaded, a function with a share `s` of one vCPU
//! takes `cpu / s` of wall time. The table says it is a model; it leaves out AWS's own
//! work (fetching the package, starting the sandbox), any waiting on I/O, and any
//! difference between this machine's CPU and Lambda's.

use super::{
    Entry, Measurement,
    compare::{PYTHON, is_python},
    render::duration,
};

/// The criterion group (and the Python reference's id, after [`PYTHON`]) of the CPU
/// time a start used, from process start to its first request for work.
pub(crate) const CPU_GROUP: &str = "cold start CPU time (process start to first poll)/";
/// The memory at which Lambda gives a function one full vCPU, in MB.
pub(crate) const FULL_VCPU_MB: f64 = 1769.0;
/// The two settings the table compares: Lambda's smallest common setting and 1 GB, the
/// two the talk's measurement compared.
pub(crate) const MEMORY_SIZES_MB: [u32; 2] = [128, 1024];

/// The share of one vCPU a function gets at `memory_mb`: proportional up to 1,769 MB,
/// and no more than one vCPU for a single-threaded start above it.
pub(crate) fn vcpu_share(memory_mb: u32) -> f64 {
    (f64::from(memory_mb) / FULL_VCPU_MB).min(1.0)
}

/// The wall time of a CPU-bound, single-threaded start that used `cpu_ns` of CPU, at
/// `memory_mb` of memory.
pub(crate) fn modelled_wall_ns(cpu_ns: f64, memory_mb: u32) -> f64 {
    cpu_ns / vcpu_share(memory_mb)
}

/// The table, empty when the data holds no CPU time of a start.
pub(crate) fn table(entries: &[Entry]) -> String {
    // This project's functions first, then the Python reference's, each in name order
    // (the data's order).
    let mut starts: Vec<(&Entry, &str)> = entries
        .iter()
        .filter_map(|entry| {
            let id = entry.id.strip_prefix(PYTHON).unwrap_or(&entry.id);
            Some((entry, id.strip_prefix(CPU_GROUP)?))
        })
        .collect();
    starts.sort_by_key(|(entry, _)| is_python(entry));
    let mut rows = String::new();
    for (entry, function) in starts {
        let Measurement::Time { median_ns: cpu, .. } = entry.measurement else {
            continue;
        };
        let side = if is_python(entry) { "Python reference" } else { "this project" };
        let [small, large] = MEMORY_SIZES_MB.map(|memory| modelled_wall_ns(cpu, memory));
        rows.push_str(&format!(
            "| {function} ({side}) | {} | {} | {} | {} |\n",
            duration(cpu),
            duration(small),
            duration(large),
            duration(small - large),
        ));
    }
    if rows.is_empty() {
        return rows;
    }
    let [small, large] = MEMORY_SIZES_MB.map(thousands);
    format!(
        "| cold start, modelled from CPU time (one vCPU at {} MB) | CPU time here (user + system) | at {small} MB | at {large} MB | {small} MB minus {large} MB |\n\
         |---|---:|---:|---:|---:|\n{rows}\n",
        thousands(FULL_VCPU_MB as u32)
    )
}

/// `1,769`, as the chapter writes memory sizes.
fn thousands(value: u32) -> String {
    match value {
        1000.. => format!("{},{:03}", value / 1000, value % 1000),
        _ => value.to_string(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn cpu(id: &str, median_ns: f64) -> Entry {
        Entry {
            id: id.into(),
            measurement: Measurement::Time {
                median_ns,
                elements: None,
                peak_rss_bytes: None,
            },
            command: "cargo xtask bench --lambdas".into(),
            day: "2026-12-01".into(),
            machine: "2 × CPU".into(),
        }
    }

    #[test]
    fn a_start_takes_its_cpu_time_divided_by_its_share_of_one_vcpu() {
        // 1,769 ms of CPU: one second per 1,000 MB of shortfall, easy to check by hand.
        let cpu_ns = 1_769e6;
        assert!((modelled_wall_ns(cpu_ns, 1769) - 1_769e6).abs() < 1.0);
        assert!((modelled_wall_ns(cpu_ns, 128) - 1_769e6 * 1769.0 / 128.0).abs() < 1.0);
        assert!((modelled_wall_ns(10e6, 1024) - 10e6 * 1769.0 / 1024.0).abs() < 1e-6);
        // Above one vCPU a single thread runs no faster.
        assert!((modelled_wall_ns(cpu_ns, 3538) - 1_769e6).abs() < 1.0);
        // Whatever the start, 128 MB takes eight times as long as 1,024 MB.
        let ratio = modelled_wall_ns(3e6, 128) / modelled_wall_ns(3e6, 1024);
        assert!((ratio - 8.0).abs() < 1e-9, "{ratio}");
    }

    #[test]
    fn the_table_models_each_start_this_project_first() {
        let entries = [
            cpu(&format!("{PYTHON}{CPU_GROUP}create-product"), 1.0e9),
            cpu(&format!("{CPU_GROUP}create-product"), 4.0e6),
            cpu("cold start (process start to first poll)/create-product", 9.0e6),
        ];
        let rendered = table(&entries);
        let lines: Vec<&str> = rendered.lines().collect();
        assert_eq!(lines.len(), 5, "{rendered}");
        assert!(
            lines[0].contains("one vCPU at 1,769 MB") && lines[0].contains("at 1,024 MB")
        );
        // 4 ms × 1769/128 = 55.3 ms; × 1769/1024 = 6.91 ms.
        assert_eq!(
            lines[2],
            "| create-product (this project) | 4.00 ms | 55.3 ms | 6.91 ms | 48.4 ms |"
        );
        assert_eq!(
            lines[3],
            "| create-product (Python reference) | 1.00 s | 13.8 s | 1.73 s | 12.1 s |"
        );
        assert_eq!(table(&entries[2..]), "");
    }
}
