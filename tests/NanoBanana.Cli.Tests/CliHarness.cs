using System.Text;
using System.Text.Json;
using NanoBanana.Sdk.Emulator;

namespace NanoBanana.Cli.Tests;

/// <summary>What one in-process run of the CLI printed and returned.</summary>
public sealed record CliRun(int ExitCode, string Stdout, string Stderr)
{
    /// <summary>Standard output as the one JSON object --json promises (fails the test when it is anything else).</summary>
    public JsonElement Json()
    {
        using var document = JsonDocument.Parse(Stdout);
        Assert.Equal(JsonValueKind.Object, document.RootElement.ValueKind);
        return document.RootElement.Clone();
    }

    public override string ToString() => $"exit {ExitCode}{Environment.NewLine}stdout:{Environment.NewLine}{Stdout}{Environment.NewLine}stderr:{Environment.NewLine}{Stderr}";
}

/// <summary>An emulator on 127.0.0.1 (Batch jobs finish at once, one provider gateway 'gw') and the environment that points the CLI at it.</summary>
public sealed class CliEmulatorFixture : IAsyncLifetime
{
    public const string GoogleKey = "AIzaSyCli-e2e-key-0123456789abcdefghij";
    public const string GatewayKey = "sk-cli-e2e-gateway-0123456789";

    public NanoBananaEmulator Emulator { get; private set; } = null!;

    public async Task InitializeAsync()
    {
        var gateway = new GatewayProvider("gw") { ReportsCost = true, RateLimits = new GatewayRateLimits { Requests = 1000 } };
        gateway.ApiKeys.Add(GatewayKey);
        var options = new NanoBananaEmulatorOptions { BatchPendingDuration = TimeSpan.Zero, BatchRunningDuration = TimeSpan.Zero };
        options.Gateways.Add(gateway);
        Emulator = await NanoBananaEmulator.StartAsync(options, CancellationToken.None);
    }

    public async Task DisposeAsync() => await Emulator.DisposeAsync();

    /// <summary>The environment a script would set: the Google key and base URL, one provider in .NET's variable form, no retries (tests see the first answer).</summary>
    public Dictionary<string, string> Environment() => CliHarness.Environment(Emulator, withProvider: true);
}

public static class CliHarness
{
    public static Dictionary<string, string> Environment(NanoBananaEmulator emulator, bool withProvider = false)
    {
        var environment = new Dictionary<string, string>(StringComparer.Ordinal)
        {
            ["GEMINI_API_KEY"] = CliEmulatorFixture.GoogleKey,
            ["GOOGLE_GEMINI_BASE_URL"] = emulator.BaseAddress.ToString(),
            ["NanoBanana__Resilience__Enabled"] = "false",
        };
        if (withProvider)
        {
            environment["NanoBanana__Providers__gw__BaseUrl"] = emulator.GatewayAddress("gw").ToString();
            environment["NanoBanana__Providers__gw__ApiKey"] = CliEmulatorFixture.GatewayKey;
            environment["NanoBanana__Providers__gw__Dialect"] = "ImagesApi";
        }

        return environment;
    }

    public static async Task<CliRun> RunAsync(IReadOnlyDictionary<string, string> environment, params string[] args) =>
        await RunAsync(environment, TimeProvider.System, CancellationToken.None, null, args);

    public static async Task<CliRun> RunAsync(
        IReadOnlyDictionary<string, string> environment, TimeProvider time, CancellationToken cancellationToken, TextWriter? stderr, params string[] args)
    {
        var output = new StringWriter();
        var error = stderr ?? new StringWriter();
        var context = new NanoBananaCliContext { Output = output, Error = error, Environment = environment, TimeProvider = time };
        var exit = await NanoBananaCli.RunAsync(args, context, cancellationToken);
        return new CliRun(exit, output.ToString(), error.ToString() ?? string.Empty);
    }

    public static string TempDirectory()
    {
        var path = Path.Combine(Path.GetTempPath(), "nanobanana-cli-tests", Guid.NewGuid().ToString("N"));
        Directory.CreateDirectory(path);
        return path;
    }
}

/// <summary>A thread-safe writer that completes a task when a line containing a marker is written (no polling, no sleeping).</summary>
public sealed class SignallingWriter(string marker) : TextWriter
{
    private readonly StringBuilder _text = new();
    private readonly TaskCompletionSource _seen = new(TaskCreationOptions.RunContinuationsAsynchronously);

    public Task Seen => _seen.Task;

    public override Encoding Encoding => Encoding.UTF8;

    public override void Write(char value)
    {
        lock (_text)
        {
            _text.Append(value);
            if (value == '\n' && _text.ToString().Contains(marker, StringComparison.Ordinal))
            {
                _seen.TrySetResult();
            }
        }
    }

    public override string ToString()
    {
        lock (_text)
        {
            return _text.ToString();
        }
    }
}
