using System.Collections.Concurrent;
using NanoBanana.Sdk.Emulator.Http;
using NanoBanana.Sdk.Emulator.Imaging;
using NanoBanana.Sdk.Emulator.Surfaces;

namespace NanoBanana.Sdk.Emulator;

/// <summary>
/// Everything the surfaces share: settings (copied at start), clock, journal, fault plan, quota, images and
/// stored resources. One per emulator; surfaces get it from DI.
/// </summary>
internal sealed class EmulatorState
{
    private readonly Dictionary<string, string> _keys;
    private readonly CancellationTokenSource _stopping = new();

    public EmulatorState(NanoBananaEmulatorOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        Time = options.TimeProvider ?? TimeProvider.System;
        _keys = new Dictionary<string, string>(options.ApiKeys, StringComparer.Ordinal);
        BlockedKeys = new HashSet<string>(options.BlockedKeys, StringComparer.Ordinal);
        Quota = new QuotaTracker([.. options.QuotaLimits], Time);
        Images = new ImageGenerator(options.PayloadProfile);
        RequestLog = options.RequestLog;
        MaxRequestBodyBytes = options.MaxRequestBodyBytes;
        Gateways = new GatewayRegistry(options.Gateways);
        ImageMimeType = options.ImageMimeType is ImageGenerator.Png or ImageGenerator.Jpeg
            ? options.ImageMimeType
            : throw new ArgumentException(
                $"ImageMimeType must be '{ImageGenerator.Png}' or '{ImageGenerator.Jpeg}', not '{options.ImageMimeType}'.", nameof(options));
    }

    /// <summary>The image format answered when the request does not choose one.</summary>
    public string ImageMimeType { get; }

    public TimeProvider Time { get; }

    public RequestJournal Journal { get; } = new();

    public FaultPlan Faults { get; } = new();

    public QuotaTracker Quota { get; }

    /// <summary>The provider gateways (settings copied at start), their ledger and served image files.</summary>
    public GatewayRegistry Gateways { get; }

    public ImageGenerator Images { get; }

    public IReadOnlySet<string> BlockedKeys { get; }

    public Action<string>? RequestLog { get; }

    public long MaxRequestBodyBytes { get; }

    /// <summary>Stored Interactions by id.</summary>
    public ConcurrentDictionary<string, StoredInteraction> Interactions { get; } = new(StringComparer.Ordinal);

    /// <summary>Cancelled when the emulator stops, so long waits (delay faults, polling) end promptly.</summary>
    public CancellationToken Stopping => _stopping.Token;

    /// <summary>The project a key belongs to, or null when keys are configured and this is not one.</summary>
    public string? ProjectOf(string key) =>
        _keys.Count == 0 ? NanoBananaEmulatorOptions.DefaultProject : _keys.GetValueOrDefault(key);

    /// <summary>A fresh opaque id (URL-safe, 22 characters).</summary>
    public static string NewId()
    {
        Span<byte> bytes = stackalloc byte[16];
        System.Security.Cryptography.RandomNumberGenerator.Fill(bytes);
        return Convert.ToBase64String(bytes).TrimEnd('=').Replace('+', '-').Replace('/', '_')[..22];
    }

    public void SignalStopping() => _stopping.Cancel();
}

/// <summary>An Interaction kept for GET and for <c>previous_interaction_id</c>.</summary>
/// <param name="Json">The completed resource as sent.</param>
/// <param name="OutputImage">The last output image, which an edit on top of this interaction starts from.</param>
internal sealed record StoredInteraction(byte[] Json, byte[]? OutputImage);
