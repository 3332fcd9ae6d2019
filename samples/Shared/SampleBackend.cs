using NanoBanana.Sdk.Emulator;

namespace NanoBanana.Samples;

/// <summary>
/// Where a sample's Google calls go, decided as the QuickStart does: with <c>GEMINI_API_KEY</c> (or <c>GOOGLE_API_KEY</c>)
/// the real service (at <c>GOOGLE_GEMINI_BASE_URL</c> when set); without one an embedded emulator on 127.0.0.1 (no network,
/// no cost). Linked into the samples (samples/Shared); dispose it to stop the emulator.
/// </summary>
internal sealed class SampleBackend : IAsyncDisposable
{
    /// <summary>The key the samples send to their embedded emulator (it accepts any key).</summary>
    public const string EmulatorKey = "emulator-key";

    private SampleBackend(string apiKey, Uri? baseUrl, NanoBananaEmulator? emulator)
    {
        ApiKey = apiKey;
        BaseUrl = baseUrl;
        Emulator = emulator;
    }

    /// <summary>The key to send.</summary>
    public string ApiKey { get; }

    /// <summary>The Gemini API endpoint; null for Google's own.</summary>
    public Uri? BaseUrl { get; }

    /// <summary>The embedded emulator, or null when the sample talks to the real service.</summary>
    public NanoBananaEmulator? Emulator { get; }

    /// <summary>A token that Ctrl+C cancels (the sample then stops cleanly instead of being killed).</summary>
    public static CancellationToken CancelOnCtrlC()
    {
        var cancel = new CancellationTokenSource();
        Console.CancelKeyPress += (_, e) =>
        {
            e.Cancel = true;
            cancel.Cancel();
        };
        return cancel.Token;
    }

    /// <summary>Picks the backend and prints one line saying which.</summary>
    /// <param name="output">Where the line goes.</param>
    /// <param name="configureEmulator">Adjusts the emulator's settings (batch durations, gateways) when one is started.</param>
    /// <param name="cancellationToken">Cancels the start.</param>
    public static async Task<SampleBackend> StartAsync(TextWriter output, Action<NanoBananaEmulatorOptions>? configureEmulator = null, CancellationToken cancellationToken = default)
    {
        var key = NonBlank(Environment.GetEnvironmentVariable("GEMINI_API_KEY")) ?? NonBlank(Environment.GetEnvironmentVariable("GOOGLE_API_KEY"));
        if (key is not null)
        {
            Uri? baseUrl = null;
            if (NonBlank(Environment.GetEnvironmentVariable("GOOGLE_GEMINI_BASE_URL")) is { } url && !Uri.TryCreate(url, UriKind.Absolute, out baseUrl))
            {
                throw new InvalidOperationException($"GOOGLE_GEMINI_BASE_URL '{url}' is not an absolute URL: set it to one such as https://generativelanguage.googleapis.com, or unset it.");
            }

            await output.WriteLineAsync($"Using the Gemini API at {baseUrl?.ToString() ?? "Google's endpoint"} with the key from the environment (real calls, billed).");
            return new SampleBackend(key, baseUrl, emulator: null);
        }

        var options = new NanoBananaEmulatorOptions();
        configureEmulator?.Invoke(options);
        var emulator = await NanoBananaEmulator.StartAsync(options, cancellationToken);
        await output.WriteLineAsync($"No GEMINI_API_KEY or GOOGLE_API_KEY: using the embedded emulator at {emulator.BaseAddress} (no network, no cost).");
        return new SampleBackend(EmulatorKey, emulator.BaseAddress, emulator);
    }

    /// <inheritdoc/>
    public ValueTask DisposeAsync() => Emulator?.DisposeAsync() ?? ValueTask.CompletedTask;

    private static string? NonBlank(string? value) => string.IsNullOrWhiteSpace(value) ? null : value.Trim();
}
