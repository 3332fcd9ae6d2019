using Microsoft.Extensions.Time.Testing;
using NanoBanana.Sdk.Emulator;

namespace NanoBanana.Cli.Tests;

public sealed class BatchTests(CliEmulatorFixture fixture) : IClassFixture<CliEmulatorFixture>
{
    private static string Input(params string[] lines)
    {
        var path = Path.Combine(CliHarness.TempDirectory(), "input.jsonl");
        File.WriteAllLines(path, lines);
        return path;
    }

    [Fact]
    public async Task Submit_wait_results_list_and_a_resumed_results_run()
    {
        var env = fixture.Environment();
        var input = Input(
            """{"key": "sku-001", "prompt": "a red banana", "size": "1K", "aspect": "1:1"}""",
            """{"key": "sku-002", "prompt": "a blue banana"}""",
            "",
            """{"key": "sku/003", "prompt": "a green banana", "aspect": "16:9"}""");

        var submit = await CliHarness.RunAsync(env, "batch", "submit", "--input", input, "--name", "cli-e2e", "--json");
        Assert.True(submit.ExitCode == 0, submit.ToString());
        var job = submit.Json();
        var id = job.GetProperty("id").GetString()!;
        Assert.StartsWith("batches/", id, StringComparison.Ordinal);
        Assert.Contains(job.GetProperty("state").GetString(), new[] { "PENDING", "RUNNING", "SUCCEEDED" });
        Assert.True(job.TryGetProperty("createTime", out _));
        Assert.True(job.TryGetProperty("updateTime", out _));

        var wait = await CliHarness.RunAsync(env, "batch", "wait", id, "--poll-interval", "1s", "--json");
        Assert.True(wait.ExitCode == 0, wait.ToString());
        var done = wait.Json();
        Assert.Equal("SUCCEEDED", done.GetProperty("state").GetString());
        var stats = done.GetProperty("stats");
        Assert.Equal(3, stats.GetProperty("total").GetInt64());
        Assert.Equal(3, stats.GetProperty("succeeded").GetInt64());
        Assert.Equal(0, stats.GetProperty("failed").GetInt64());
        Assert.Equal(0, stats.GetProperty("pending").GetInt64());
        Assert.Contains("SUCCEEDED 3/3 done", wait.Stderr, StringComparison.Ordinal);

        var status = await CliHarness.RunAsync(env, "batch", "status", id, "--json");
        Assert.Equal(0, status.ExitCode);
        Assert.Equal("SUCCEEDED", status.Json().GetProperty("state").GetString());

        var folder = CliHarness.TempDirectory();
        var results = await CliHarness.RunAsync(env, "batch", "results", id, "--out", folder, "--json");
        Assert.True(results.ExitCode == 0, results.ToString());
        var written = results.Json();
        Assert.Equal(3, written.GetProperty("written").GetInt32());
        Assert.Equal(0, written.GetProperty("skipped").GetInt32());
        Assert.Equal(0, written.GetProperty("failed").GetInt32());
        Assert.True(written.GetProperty("costUsd").GetDecimal() > 0);
        Assert.True(File.Exists(Path.Combine(folder, "sku-001.png")));
        Assert.True(File.Exists(Path.Combine(folder, "sku-002.png")));
        Assert.True(File.Exists(Path.Combine(folder, "sku%2F003.png")));

        var again = await CliHarness.RunAsync(env, "batch", "results", id, "--out", folder, "--json");
        Assert.Equal(0, again.ExitCode);
        Assert.Equal(0, again.Json().GetProperty("written").GetInt32());
        Assert.Equal(3, again.Json().GetProperty("skipped").GetInt32());

        var list = await CliHarness.RunAsync(env, "batch", "list", "--json");
        Assert.Equal(0, list.ExitCode);
        Assert.Contains(list.Json().GetProperty("jobs").EnumerateArray(), j => j.GetProperty("id").GetString() == id && j.GetProperty("state").GetString() == "SUCCEEDED");

        var plain = await CliHarness.RunAsync(env, "batch", "list");
        Assert.StartsWith("id\tstate\ttotal", plain.Stdout, StringComparison.Ordinal);
        Assert.Contains(id, plain.Stdout, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Failed_items_exit_3_and_are_written_as_error_files()
    {
        var env = fixture.Environment();
        fixture.Emulator.Faults.Enqueue(new FaultRule { Match = FaultMatch.Where(r => r.Surface == FaultRequest.BatchItem && r.Key == "bad"), Fault = Fault.Status(400, message: "bad item") });
        var submit = await CliHarness.RunAsync(env, "batch", "submit", "--input", Input("""{"key": "good", "prompt": "x"}""", """{"key": "bad", "prompt": "y"}"""), "--json");
        var id = submit.Json().GetProperty("id").GetString()!;

        var wait = await CliHarness.RunAsync(env, "batch", "wait", id, "--poll-interval", "1s", "--json");
        Assert.Equal(3, wait.ExitCode);
        Assert.Equal("SUCCEEDED", wait.Json().GetProperty("state").GetString());
        Assert.Equal(1, wait.Json().GetProperty("stats").GetProperty("failed").GetInt64());

        var folder = CliHarness.TempDirectory();
        var results = await CliHarness.RunAsync(env, "batch", "results", id, "--out", folder, "--json");
        Assert.Equal(3, results.ExitCode);
        Assert.Equal(1, results.Json().GetProperty("written").GetInt32());
        Assert.Equal(1, results.Json().GetProperty("failed").GetInt32());
        Assert.True(File.Exists(Path.Combine(folder, "good.png")));
        Assert.Contains("\"key\": \"bad\"", await File.ReadAllTextAsync(Path.Combine(folder, "bad.error.json")), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Generate_on_the_batch_route_exits_3_when_its_item_failed()
    {
        fixture.Emulator.Faults.Enqueue(new FaultRule { Match = FaultMatch.Surface(FaultRequest.BatchItem), Fault = Fault.FinishReason("IMAGE_SAFETY") });

        var run = await CliHarness.RunAsync(fixture.Environment(), "generate", "--prompt", "x", "--route", "batch", "--out", Path.Combine(CliHarness.TempDirectory(), "x"), "--json");

        Assert.Equal(3, run.ExitCode);
        var error = run.Json().GetProperty("error");
        Assert.Equal("BatchItemError", error.GetProperty("type").GetString());
        Assert.Contains("NoImage", run.Stderr, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("""{"key": "a", "prompt": "x", "size": "1k"}""", "line 1", "1K")]
    [InlineData("""{"key": "a", "prompt": "x", "sizee": "1K"}""", "'sizee'", "key, prompt, size, aspect")]
    [InlineData("""{"prompt": "x"}""", "line 1", "key")]
    [InlineData("not json", "line 1", "not JSON")]
    public async Task A_bad_input_line_is_refused_before_any_request(string line, string where, string hint)
    {
        var before = fixture.Emulator.Journal.Count;
        var run = await CliHarness.RunAsync(fixture.Environment(), "batch", "submit", "--input", Input(line), "--json");

        Assert.Equal(2, run.ExitCode);
        Assert.Contains("--input", run.Stderr, StringComparison.Ordinal);
        Assert.Contains(where, run.Stderr, StringComparison.Ordinal);
        Assert.Contains(hint, run.Stderr, StringComparison.Ordinal);
        Assert.Equal("UsageError", run.Json().GetProperty("error").GetProperty("type").GetString());
        Assert.Equal(before, fixture.Emulator.Journal.Count);
    }

    [Fact]
    public async Task Duplicate_keys_are_refused()
    {
        var run = await CliHarness.RunAsync(fixture.Environment(), "batch", "submit", "--input", Input("""{"key": "a", "prompt": "x"}""", """{"key": "a", "prompt": "y"}"""));

        Assert.Equal(2, run.ExitCode);
        Assert.Contains("key 'a' is used twice", run.Stderr, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Cancel_ends_the_job_cancelled_and_status_then_exits_3()
    {
        await using var slow = await NanoBananaEmulator.StartAsync(new NanoBananaEmulatorOptions { BatchPendingDuration = TimeSpan.FromHours(1) });
        var env = CliHarness.Environment(slow);
        var submit = await CliHarness.RunAsync(env, "batch", "submit", "--input", Input("""{"key": "a", "prompt": "x"}"""), "--json");
        var id = submit.Json().GetProperty("id").GetString()!;
        Assert.Equal("PENDING", submit.Json().GetProperty("state").GetString());

        var results = await CliHarness.RunAsync(env, "batch", "results", id, "--out", CliHarness.TempDirectory(), "--json");
        Assert.Equal(1, results.ExitCode);
        Assert.Equal("JobNotFinished", results.Json().GetProperty("error").GetProperty("type").GetString());

        var cancel = await CliHarness.RunAsync(env, "batch", "cancel", id, "--json");
        Assert.True(cancel.ExitCode == 0, cancel.ToString());
        Assert.Equal("CANCELLED", cancel.Json().GetProperty("state").GetString());

        var status = await CliHarness.RunAsync(env, "batch", "status", id, "--json");
        Assert.Equal(3, status.ExitCode);
        Assert.Equal("CANCELLED", status.Json().GetProperty("state").GetString());
    }

    [Fact]
    public async Task Wait_polls_on_the_clock_with_progress_lines_until_the_job_ends()
    {
        var time = new FakeTimeProvider(new DateTimeOffset(2026, 11, 23, 8, 0, 0, TimeSpan.Zero));
        await using var emulator = await NanoBananaEmulator.StartAsync(new NanoBananaEmulatorOptions
        {
            TimeProvider = time,
            BatchPendingDuration = TimeSpan.FromSeconds(10),
            BatchRunningDuration = TimeSpan.FromSeconds(30),
        });
        var env = CliHarness.Environment(emulator);
        var submit = await CliHarness.RunAsync(env, "batch", "submit", "--input", Input("""{"key": "a", "prompt": "x"}""", """{"key": "b", "prompt": "y"}"""), "--json");
        var id = submit.Json().GetProperty("id").GetString()!;

        var stderr = new SignallingWriter("done after");
        var wait = CliHarness.RunAsync(env, time, CancellationToken.None, stderr, "batch", "wait", id, "--poll-interval", "5s", "--json");

        // The first poll happens before any wait; only then does the clock move.
        await stderr.Seen.WaitAsync(TimeSpan.FromSeconds(30));
        var deadline = DateTime.UtcNow.AddSeconds(60);
        while (!wait.IsCompleted && DateTime.UtcNow < deadline)
        {
            // Drive the shared fake clock in poll-sized steps; each step lets the CLI's next poll run.
            time.Advance(TimeSpan.FromSeconds(5));
            await Task.WhenAny(wait, Task.Delay(20));
        }

        var run = await wait;
        Assert.True(run.ExitCode == 0, run.ToString());
        Assert.Equal("SUCCEEDED", run.Json().GetProperty("state").GetString());
        var progress = stderr.ToString();
        Assert.True(progress.Contains($"{id}: PENDING 0/2 done", StringComparison.Ordinal), progress);
        Assert.Contains($"{id}: SUCCEEDED 2/2 done", progress, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Ctrl_c_while_waiting_stops_cleanly_with_130()
    {
        await using var slow = await NanoBananaEmulator.StartAsync(new NanoBananaEmulatorOptions { BatchPendingDuration = TimeSpan.FromHours(1) });
        var env = CliHarness.Environment(slow);
        var id = (await CliHarness.RunAsync(env, "batch", "submit", "--input", Input("""{"key": "a", "prompt": "x"}"""), "--json")).Json().GetProperty("id").GetString()!;
        using var interrupt = new CancellationTokenSource();
        var stderr = new SignallingWriter("PENDING");

        var wait = CliHarness.RunAsync(env, TimeProvider.System, interrupt.Token, stderr, "batch", "wait", id, "--json");
        await stderr.Seen.WaitAsync(TimeSpan.FromSeconds(30));
        await interrupt.CancelAsync();
        var run = await wait.WaitAsync(TimeSpan.FromSeconds(30));

        Assert.Equal(130, run.ExitCode);
        Assert.Equal("Interrupted", run.Json().GetProperty("error").GetProperty("type").GetString());
        Assert.Contains("Interrupted.", stderr.ToString(), StringComparison.Ordinal);
    }
}
