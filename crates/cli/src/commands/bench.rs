pub fn run(_g: &crate::args::Global, _a: &crate::args::BenchArgs) -> anyhow::Result<u8> {
    anyhow::bail!("bench: not yet")
}
