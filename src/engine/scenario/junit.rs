//! JUnit XML for scenario results (one testsuite per scenario, one testcase per step).

use super::ScenarioResult;

fn escape(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    for c in s.chars() {
        match c {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '"' => out.push_str("&quot;"),
            '\'' => out.push_str("&apos;"),
            c if (c as u32) < 0x20 && !matches!(c, '\n' | '\r' | '\t') => {
                out.push_str(&format!("&#{};", c as u32))
            }
            c => out.push(c),
        }
    }
    out
}

/// Renders results (and files that could not be loaded) as a JUnit XML document.
pub fn render(results: &[ScenarioResult], load_errors: &[String]) -> String {
    let tests: usize = results.iter().map(|r| r.steps.len()).sum::<usize>() + load_errors.len();
    let failures: usize = results
        .iter()
        .map(|r| r.steps.iter().filter(|s| !s.passed()).count())
        .sum();
    let mut out = String::from("<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n");
    out.push_str(&format!("<testsuites name=\"action-studio\" tests=\"{tests}\" failures=\"{failures}\" errors=\"{}\">\n", load_errors.len()));
    for r in results {
        let failed = r.steps.iter().filter(|s| !s.passed()).count();
        out.push_str(&format!(
            "  <testsuite name=\"{}\" tests=\"{}\" failures=\"{failed}\" errors=\"0\" time=\"{:.3}\">\n",
            escape(&r.name),
            r.steps.len(),
            r.duration_ms / 1000.0
        ));
        for s in &r.steps {
            out.push_str(&format!(
                "    <testcase classname=\"{}\" name=\"{}\">\n",
                escape(&r.path),
                escape(&s.label)
            ));
            if !s.passed() {
                let text: Vec<String> = s
                    .failures
                    .iter()
                    .map(|f| format!("{}: expected {}, got {}", f.what, f.expected, f.actual))
                    .collect();
                out.push_str(&format!(
                    "      <failure message=\"{}\">{}</failure>\n",
                    escape(text.first().map_or("", String::as_str)),
                    escape(&text.join("\n"))
                ));
            }
            out.push_str(&format!(
                "      <system-out>{}</system-out>\n",
                escape(&s.summary)
            ));
            out.push_str("    </testcase>\n");
        }
        out.push_str("  </testsuite>\n");
    }
    for e in load_errors {
        out.push_str(
            "  <testsuite name=\"load errors\" tests=\"1\" failures=\"0\" errors=\"1\">\n",
        );
        out.push_str(&format!("    <testcase classname=\"scenario\" name=\"load\">\n      <error message=\"{}\"/>\n    </testcase>\n", escape(e)));
        out.push_str("  </testsuite>\n");
    }
    out.push_str("</testsuites>\n");
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn escapes_xml() {
        assert_eq!(escape("a<b & \"c\""), "a&lt;b &amp; &quot;c&quot;");
    }
}
