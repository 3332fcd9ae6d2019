namespace NanoBanana.Cli.Tests;

/// <summary>On a terminal the CLI draws tables and live progress with Spectre.Console; the same facts must be there.</summary>
public sealed class TerminalTests(CliEmulatorFixture fixture) : IClassFixture<CliEmulatorFixture>
{
    private static async Task<CliRun> OnTerminal(Dictionary<string, string> env, params string[] args)
    {
        var output = new StringWriter();
        var error = new StringWriter();
        var context = new NanoBananaCliContext { Output = output, Error = error, Environment = env, OutputIsTerminal = true, ErrorIsTerminal = true };
        var exit = await NanoBananaCli.RunAsync(args, context);
        return new CliRun(exit, output.ToString(), error.ToString());
    }

    [Fact]
    public async Task Facts_tables_and_progress_render_on_a_terminal()
    {
        var env = fixture.Environment();
        var price = await OnTerminal(env, "price", "--model", "gemini-3-pro-image", "--size", "4K");
        Assert.True(price.ExitCode == 0, price.ToString());
        Assert.Contains("0.24", price.Stdout, StringComparison.Ordinal);
        Assert.Contains("Unit price", price.Stdout, StringComparison.Ordinal);

        var check = await OnTerminal(env, "launch-check");
        Assert.True(check.ExitCode == 0, check.ToString());
        Assert.Contains("credential", check.Stdout, StringComparison.Ordinal);
        Assert.Contains("╭", check.Stdout, StringComparison.Ordinal);

        var input = Path.Combine(CliHarness.TempDirectory(), "in.jsonl");
        await File.WriteAllTextAsync(input, """{"key": "a", "prompt": "x"}""" + "\n");
        var submit = await CliHarness.RunAsync(env, "batch", "submit", "--input", input, "--json");
        var id = submit.Json().GetProperty("id").GetString()!;
        var wait = await OnTerminal(env, "batch", "wait", id, "--poll-interval", "1s");
        Assert.True(wait.ExitCode == 0, wait.ToString());
        Assert.Contains("SUCCEEDED", wait.Stdout, StringComparison.Ordinal);
        Assert.Contains("100%", wait.Stderr, StringComparison.Ordinal);

        var json = await OnTerminal(env, "price", "--model", "gemini-3-pro-image", "--json");
        Assert.Equal(0.1344m, json.Json().GetProperty("unitPriceUsd").GetDecimal());
    }
}
