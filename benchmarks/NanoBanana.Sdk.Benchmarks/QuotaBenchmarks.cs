using System.Diagnostics;
using System.Net;
using System.Net.Sockets;
using BenchmarkDotNet.Attributes;
using BenchmarkDotNet.Configs;
using BenchmarkDotNet.Jobs;
using BenchmarkDotNet.Toolchains.InProcess.Emit;
using NanoBanana.Sdk.Http;
using StackExchange.Redis;

namespace NanoBanana.Sdk.Benchmarks;

/// <summary>
/// The per-project quota limiter's acquire: in process (target under 1 µs, no allocation) on a clock that moves 61 ms
/// per call so the 60-second windows hold a steady ~1,000 entries and every acquire is admitted; and the Redis acquire
/// (one Lua round trip) against a Redis <c>PING</c> on the same connection in the same run (target at most 1.5×).
/// Needs <c>redis-server</c> on PATH (it is started on a free loopback port and killed afterwards).
/// </summary>
[MemoryDiagnoser]
[Config(typeof(ShortInProcess))]
public class QuotaBenchmarks
{
    private readonly SteppingClock _clock = new();
    private NanoBananaQuotaLimiter _inProcess = null!;
    private NanoBananaQuotaLimiter _shared = null!;
    private HttpRequestMessage _request = null!;
    private HttpRequestMessage _sharedRequest = null!;
    private ConnectionMultiplexer _redis = null!;
    private Process? _server;

    [GlobalSetup]
    public void Setup()
    {
        _request = Request("bench-project");
        _inProcess = new NanoBananaQuotaLimiter(
            new NanoBananaQuotaOptions { RequestsPerMinute = 1000, ImagesPerMinute = 1000, TokensPerMinute = 10_000_000, RequestsPerDay = int.MaxValue },
            _clock);

        var port = FreePort();
        _server = Process.Start(new ProcessStartInfo("redis-server", $"--port {port} --bind 127.0.0.1 --save \"\" --appendonly no")
        {
            RedirectStandardOutput = true,
            UseShellExecute = false,
        }) ?? throw new InvalidOperationException("redis-server could not be started: install it (apt-get install redis-server).");
        while (_server.StandardOutput.ReadLine() is { } line && !line.Contains("Ready to accept connections", StringComparison.Ordinal))
        {
        }

        var options = new NanoBananaQuotaOptions
        {
            Redis = $"127.0.0.1:{port}",
            RequestsPerMinute = int.MaxValue,
            ImagesPerMinute = int.MaxValue,
            TokensPerMinute = int.MaxValue,
            RequestsPerDay = int.MaxValue,
            Timeout = TimeSpan.FromSeconds(5),
        };
        _redis = ConnectionMultiplexer.Connect(options.Redis);
        _shared = NanoBananaQuotaLimiter.CreateShared(_redis, options);
        _sharedRequest = Request("bench-shared-" + port);
    }

    [GlobalCleanup]
    public void Cleanup()
    {
        _inProcess.Dispose();
        _shared.Dispose();
        _redis.Dispose();
        _request.Dispose();
        _sharedRequest.Dispose();
        if (_server is { HasExited: false })
        {
            _server.Kill();
            _server.WaitForExit();
        }

        _server?.Dispose();
    }

    [Benchmark(Description = "in-process acquire (RPM+IPM+TPM+RPD)")]
    public bool InProcessAcquire()
    {
        _clock.Step();
        using var lease = _inProcess.AttemptAcquire(_request);
        return lease.IsAcquired;
    }

    [Benchmark(Description = "Redis acquire (one Lua round trip)")]
    public async Task<bool> RedisAcquire()
    {
        using var lease = await _shared.AcquireAsync(_sharedRequest);
        return lease.IsAcquired;
    }

    [Benchmark(Baseline = true, Description = "Redis PING (same connection)")]
    public async Task<TimeSpan> RedisPing() => await _redis.GetDatabase().PingAsync();

    private static HttpRequestMessage Request(string project)
    {
        var request = new HttpRequestMessage(HttpMethod.Post, "https://generativelanguage.googleapis.com/v1beta/models/gemini-3.1-flash-image:generateContent");
        request.Options.Set(NanoBananaRequestMetadata.Key, new NanoBananaRequestMetadata
        {
            Route = ImageRoute.Official,
            ProjectId = project,
            Model = "gemini-3.1-flash-image",
            IsPaidGeneration = true,
            ImageCount = 1,
            EstimatedTokens = 1200,
        });
        return request;
    }

    private static int FreePort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }

    /// <summary>ShortRun in this process: generating and building a separate benchmark project times out on a busy machine.</summary>
    private sealed class ShortInProcess : ManualConfig
    {
        public ShortInProcess() => AddJob(Job.ShortRun.WithToolchain(InProcessEmitToolchain.Instance));
    }

    /// <summary>A clock that moves 61 ms per step: about 1,000 entries stay in each 60-second window.</summary>
    private sealed class SteppingClock : TimeProvider
    {
        private long _ticks = new DateTimeOffset(2026, 11, 30, 12, 0, 0, TimeSpan.Zero).UtcTicks;

        public void Step() => _ticks += TimeSpan.TicksPerMillisecond * 61;

        public override DateTimeOffset GetUtcNow() => new(_ticks, TimeSpan.Zero);
    }
}
