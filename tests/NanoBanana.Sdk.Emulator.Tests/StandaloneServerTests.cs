using System.Net;
using System.Text;
using System.Text.Json;
using System.Text.RegularExpressions;

namespace NanoBanana.Sdk.Emulator.Tests;

/// <summary>
/// The standalone server as the <c>nanobanana-emulator</c> tool runs it (<see cref="StandaloneServer.RunAsync"/>):
/// port 0 prints the bound address, <c>--faults FILE</c> preloads a plan, the admin endpoint scripts more over HTTP.
/// </summary>
public sealed partial class StandaloneServerTests : IDisposable
{
    private readonly string _folder = Directory.CreateTempSubdirectory("emulator-standalone-").FullName;

    public void Dispose() => Directory.Delete(_folder, recursive: true);

    [Fact]
    public async Task A_plan_from_faults_file_and_one_posted_over_http_both_play_and_the_journal_reads_back()
    {
        var planFile = Path.Combine(_folder, "plan.json");
        await File.WriteAllTextAsync(planFile, """{"rules": [{"match": {"surface": "generateContent"}, "fault": {"kind": "status", "status": 503}}]}""");
        var output = new LineWriter();
        using var stop = new CancellationTokenSource();

        var server = StandaloneServer.RunAsync(["--urls", "http://127.0.0.1:0", "--faults", planFile, "--api-key", "standalone-key"], output, TextWriter.Null, stop.Token);
        var started = await output.Listening.Task.WaitAsync(TimeSpan.FromSeconds(30));
        var address = new Uri(ListeningOn().Match(started).Groups[1].Value + "/");
        using var http = new HttpClient { BaseAddress = address };

        var (preloaded, preloadedJson) = await Client.GenerateAsync(http, "gemini-3.1-flash-image", Client.GenerateBody(), key: "standalone-key");
        using var posted = await http.PostAsync("_emulator/faults", new StringContent(
            """{"rules": [{"fault": {"kind": "finishReason", "reason": "IMAGE_SAFETY"}}]}""", Encoding.UTF8, "application/json"));
        var (blocked, blockedJson) = await Client.GenerateAsync(http, "gemini-3.1-flash-image", Client.GenerateBody(), key: "standalone-key");
        var journal = JsonDocument.Parse(await http.GetStringAsync("_emulator/journal?bodies=false")).RootElement;
        await stop.CancelAsync();
        var exitCode = await server.WaitAsync(TimeSpan.FromSeconds(30));

        Assert.Equal(0, exitCode);
        Assert.Contains("1 fault rule(s) loaded", output.Text, StringComparison.Ordinal);
        Client.AssertError(preloaded, preloadedJson, 503, "UNAVAILABLE");
        Assert.Equal(HttpStatusCode.OK, posted.StatusCode);
        Assert.Equal(HttpStatusCode.OK, blocked.StatusCode);
        Assert.Equal("IMAGE_SAFETY", blockedJson.GetProperty("candidates")[0].GetProperty("finishReason").GetString());
        Assert.Equal([503, 200], journal.GetProperty("entries").EnumerateArray().Select(e => e.GetProperty("status").GetInt32()));
        Assert.Matches(@"(?m)^POST /v1beta/models/gemini-3\.1-flash-image:generateContent 503 \d+ms\r?$", output.Text);
        Assert.DoesNotContain("standalone-key", output.Text, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_bad_faults_file_exits_2_naming_the_file_and_the_field()
    {
        var planFile = Path.Combine(_folder, "bad.json");
        await File.WriteAllTextAsync(planFile, """[{"fault": {"kind": "delay"}}]""");
        var error = new StringWriter();

        var exitCode = await StandaloneServer.RunAsync(["--urls", "http://127.0.0.1:0", "--faults", planFile], TextWriter.Null, error, CancellationToken.None);

        Assert.Equal(2, exitCode);
        Assert.Contains($"--faults {planFile}: rules[0].fault.durationMs is required", error.ToString(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Help_lists_the_options_and_the_admin_endpoint()
    {
        var output = new StringWriter();

        var exitCode = await StandaloneServer.RunAsync(["--help"], output, TextWriter.Null, CancellationToken.None);

        Assert.Equal(0, exitCode);
        Assert.Contains("--faults FILE", output.ToString(), StringComparison.Ordinal);
        Assert.Contains("POST /_emulator/faults", output.ToString(), StringComparison.Ordinal);
    }

    [GeneratedRegex(@"listening on (http://127\.0\.0\.1:\d+)")]
    private static partial Regex ListeningOn();

    /// <summary>Collects the server's lines and completes <see cref="Listening"/> with the start line.</summary>
    private sealed class LineWriter : TextWriter
    {
        private readonly StringBuilder _text = new();

        public TaskCompletionSource<string> Listening { get; } = new(TaskCreationOptions.RunContinuationsAsynchronously);

        public override Encoding Encoding => Encoding.UTF8;

        public string Text
        {
            get
            {
                lock (_text)
                {
                    return _text.ToString();
                }
            }
        }

        public override void WriteLine(string? value)
        {
            lock (_text)
            {
                _text.AppendLine(value);
            }

            if (value?.Contains("listening on", StringComparison.Ordinal) == true)
            {
                Listening.TrySetResult(value);
            }
        }

        public override Task WriteLineAsync(string? value)
        {
            WriteLine(value);
            return Task.CompletedTask;
        }
    }
}
