using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.Extensions.DependencyInjection;

namespace NanoBanana.Sdk.Emulator;

/// <summary>
/// A local, wire-faithful server for the Gemini API image surfaces (generateContent, streaming, Interactions) and
/// OpenAI-compatible provider gateways (<see cref="GatewayAddress"/>), listening on 127.0.0.1 on a free port. A real HTTP server, not a mock: point any client at
/// <see cref="BaseAddress"/>. Dispose it to stop.
/// </summary>
/// <example>
/// <code>
/// await using var emulator = await NanoBananaEmulator.StartAsync(new NanoBananaEmulatorOptions(), ct);
/// var http = new HttpClient { BaseAddress = emulator.BaseAddress };
/// </code>
/// </example>
public sealed class NanoBananaEmulator : IAsyncDisposable
{
    private readonly WebApplication _app;
    private readonly EmulatorState _state;
    private int _disposed;

    private NanoBananaEmulator(WebApplication app, EmulatorState state, Uri baseAddress, NanoBananaEmulatorOptions options)
    {
        _app = app;
        _state = state;
        BaseAddress = baseAddress;
        Options = options;
    }

    /// <summary>The root address, e.g. <c>http://127.0.0.1:54321/</c>; requests go to <c>{BaseAddress}v1beta/...</c>.</summary>
    public Uri BaseAddress { get; }

    /// <summary>The settings the emulator started with (changing them afterwards has no effect).</summary>
    public NanoBananaEmulatorOptions Options { get; }

    /// <summary>The scripted failures: enqueue rules to make the next matching requests fail.</summary>
    public FaultPlan Faults => _state.Faults;

    /// <summary>Every request answered so far, credentials redacted.</summary>
    public RequestJournal Journal => _state.Journal;

    /// <summary>Every call to an emulated provider gateway, with what its billing rule charges.</summary>
    public GatewayLedger Ledger => _state.Gateways.Ledger;

    /// <summary>
    /// The base address of a provider gateway, e.g. <c>http://127.0.0.1:54321/gateway/default/</c>: chat completions at
    /// <c>v1/chat/completions</c> (point the OpenAI SDK's endpoint at <c>{address}v1</c>), Gemini pass-through at
    /// <c>v1beta/models/{model}:generateContent</c>.
    /// </summary>
    /// <param name="provider">The provider's name; null for the first configured (or the default) one.</param>
    /// <returns>The address, ending in <c>/</c>.</returns>
    /// <exception cref="ArgumentException">No provider has that name.</exception>
    public Uri GatewayAddress(string? provider = null)
    {
        var gateway = provider is null ? _state.Gateways.Default : _state.Gateways.Find(provider)
            ?? throw new ArgumentException($"No gateway named '{provider}'; configured: {string.Join(", ", _state.Gateways.Names)}.", nameof(provider));
        return new Uri(BaseAddress, $"gateway/{gateway.Name}/");
    }

    /// <summary>Starts an emulator on 127.0.0.1 with an OS-assigned port.</summary>
    /// <param name="options">The settings; null for the defaults.</param>
    /// <param name="cancellationToken">Cancels the start.</param>
    /// <returns>The running emulator.</returns>
    public static async Task<NanoBananaEmulator> StartAsync(NanoBananaEmulatorOptions? options = null, CancellationToken cancellationToken = default)
    {
        options ??= new NanoBananaEmulatorOptions();
        var (app, state) = EmulatorApp.Build(options, urls: null);
        try
        {
            await app.StartAsync(cancellationToken).ConfigureAwait(false);
        }
        catch
        {
            await app.DisposeAsync().ConfigureAwait(false);
            throw;
        }

        var address = app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.First();
        return new NanoBananaEmulator(app, state, new Uri(address.EndsWith('/') ? address : address + "/"), options);
    }

    /// <summary>Stops the server: pending delays end, connections close.</summary>
    /// <returns>A task that completes when the server has stopped.</returns>
    public async ValueTask DisposeAsync()
    {
        if (Interlocked.Exchange(ref _disposed, 1) != 0)
        {
            return;
        }

        _state.SignalStopping();
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(5));
        await _app.StopAsync(timeout.Token).ConfigureAwait(false);
        await _app.DisposeAsync().ConfigureAwait(false);
    }
}
