using System.Diagnostics;
using NanoBanana.Sdk.Emulator;

namespace NanoBanana.Sdk.Extensions.Tests.Quota;

/// <summary>
/// Four app processes (tests/QuotaProbe) share one project's quota through one Redis against one emulator that
/// enforces the project's limit itself: the admitted rate stays within it (the emulator never answers a quota 429),
/// every request is accounted for, and a 429 seen by one process pauses the others.
/// </summary>
public sealed class MultiProcessQuotaTests
{
    private const string Key = "AIzaSyMP-probe-key-0123456789abcdefghij";
    private const string Project = "multi-process-project";
    private const string Flash = "gemini-3.1-flash-image";
    private const string Pro = "gemini-3-pro-image";
    private const int Limit = 8;

    [RedisFact]
    public async Task Four_processes_share_one_project_limit_and_one_cooldown()
    {
        await using var redis = await RedisServer.StartAsync();
        var options = new NanoBananaEmulatorOptions();
        options.ApiKeys[Key] = Project;
        options.QuotaLimits.Add(new QuotaLimit { Project = Project, Model = Flash, RequestsPerMinute = Limit });
        await using var emulator = await NanoBananaEmulator.StartAsync(options, CancellationToken.None);

        var prefix = "mp" + Guid.NewGuid().ToString("N")[..8];
        var probes = await Task.WhenAll(Enumerable.Range(0, 4).Select(_ => Probe.StartAsync(emulator.BaseAddress, redis.ConnectionString, prefix)));
        try
        {
            // 4 × 5 = 20 calls at once against a limit of 8 per minute.
            var flash = (await Task.WhenAll(probes.Select(p => p.RunAsync(Flash, 5)))).SelectMany(r => r).ToList();

            Assert.Equal(20, flash.Count);
            Assert.Equal(Limit, flash.Count(r => r.Kind == "ok"));
            Assert.All(flash.Where(r => r.Kind != "ok"), r =>
            {
                // Refused by the shared limiter before sending: no HTTP status, a retry hint within the minute.
                Assert.Equal("RateLimited", r.Kind);
                Assert.Null(r.Status);
                Assert.InRange(r.RetryAfter!.Value, TimeSpan.FromSeconds(40), TimeSpan.FromSeconds(60));
            });
            var sent = emulator.Journal.Entries.Where(e => e.Path.Contains(Flash, StringComparison.Ordinal)).ToList();
            Assert.Equal(Limit, sent.Count);
            Assert.All(sent, e => Assert.Equal(200, e.Status));

            // One process gets Google's 429 with RetryInfo 3 s; the other three then wait it out before sending.
            emulator.Faults.Enqueue(new FaultRule { Match = FaultMatch.Model(Pro), Times = 1, Fault = Fault.Status(429, retryDelay: "3s") });
            var first = Assert.Single(await probes[0].RunAsync(Pro, 1));
            Assert.Equal(429, first.Status);
            var others = (await Task.WhenAll(probes.Skip(1).Select(p => p.RunAsync(Pro, 2)))).SelectMany(r => r).ToList();

            Assert.Equal(6, others.Count(r => r.Kind == "ok"));
            var pro = emulator.Journal.Entries.Where(e => e.Path.Contains(Pro, StringComparison.Ordinal)).ToList();
            Assert.Equal(7, pro.Count);
            var tooSoon = pro.Skip(1).Where(e => e.Timestamp - pro[0].Timestamp < TimeSpan.FromSeconds(2.8)).ToList();
            Assert.True(tooSoon.Count == 0, $"{tooSoon.Count} call(s) were sent during the 3 s cooldown");
        }
        finally
        {
            foreach (var probe in probes)
            {
                await probe.DisposeAsync();
            }
        }
    }

    private sealed record ProbeResult(string Kind, int? Status, TimeSpan? RetryAfter);

    private sealed class Probe : IAsyncDisposable
    {
        private readonly Process _process;
        private readonly System.Text.StringBuilder _errors = new();

        private Probe(Process process)
        {
            _process = process;
            process.ErrorDataReceived += (_, e) =>
            {
                lock (_errors)
                {
                    _errors.AppendLine(e.Data);
                }
            };
            process.BeginErrorReadLine();
        }

        private string Errors
        {
            get
            {
                lock (_errors)
                {
                    return _errors.ToString();
                }
            }
        }

        public static async Task<Probe> StartAsync(Uri baseAddress, string redis, string prefix)
        {
            var start = new ProcessStartInfo(DotNet())
            {
                RedirectStandardInput = true,
                RedirectStandardOutput = true,
                RedirectStandardError = true,
                UseShellExecute = false,
            };
            foreach (var arg in new[] { ProbeDll(), baseAddress.ToString(), Key, Project, redis, prefix, Limit.ToString(System.Globalization.CultureInfo.InvariantCulture) })
            {
                start.ArgumentList.Add(arg);
            }

            var probe = new Probe(Process.Start(start)!);
            var line = await probe.ReadLineAsync();
            Assert.True(line == "ready", $"QuotaProbe said '{line}': {probe.Errors}");
            return probe;
        }

        public async Task<List<ProbeResult>> RunAsync(string model, int count)
        {
            await _process.StandardInput.WriteLineAsync($"run {model} {count}");
            await _process.StandardInput.FlushAsync();
            var results = new List<ProbeResult>();
            while (await ReadLineAsync() is { } line && line != "done")
            {
                var parts = line.Split(' ');
                Assert.True(parts is ["result", _, _, _], $"unexpected probe output: {line} {Errors}");
                results.Add(new ProbeResult(
                    parts[1],
                    parts[2] == "-" ? null : int.Parse(parts[2], System.Globalization.CultureInfo.InvariantCulture),
                    parts[3] == "-" ? null : TimeSpan.FromMilliseconds(long.Parse(parts[3], System.Globalization.CultureInfo.InvariantCulture))));
            }

            return results;
        }

        public async ValueTask DisposeAsync()
        {
            if (!_process.HasExited)
            {
                await _process.StandardInput.WriteLineAsync("quit");
                _process.StandardInput.Close();
                using var exit = new CancellationTokenSource(TimeSpan.FromSeconds(10));
                try
                {
                    await _process.WaitForExitAsync(exit.Token);
                }
                catch (OperationCanceledException)
                {
                    _process.Kill(entireProcessTree: true);
                }
            }

            _process.Dispose();
        }

        private async Task<string?> ReadLineAsync()
        {
            try
            {
                return await _process.StandardOutput.ReadLineAsync().WaitAsync(TimeSpan.FromSeconds(45));
            }
            catch (TimeoutException)
            {
                throw new Xunit.Sdk.XunitException($"QuotaProbe (pid {_process.Id}) printed nothing for 45 s. Its stderr: {Errors}");
            }
        }

        private static string DotNet() => Environment.GetEnvironmentVariable("DOTNET_HOST_PATH") is { Length: > 0 } host ? host : "dotnet";

        /// <summary>tests/QuotaProbe/bin/&lt;configuration&gt;/net10.0/QuotaProbe.dll, built with this project.</summary>
        private static string ProbeDll()
        {
            var here = new DirectoryInfo(AppContext.BaseDirectory.TrimEnd(Path.DirectorySeparatorChar));
            var framework = here.Name;
            var configuration = here.Parent!.Name;
            var tests = here.Parent.Parent!.Parent!.Parent!.FullName;
            var dll = Path.Combine(tests, "QuotaProbe", "bin", configuration, framework, "QuotaProbe.dll");
            Assert.True(File.Exists(dll), $"QuotaProbe is not built at {dll}: build the solution (the test project references it).");
            return dll;
        }
    }
}
