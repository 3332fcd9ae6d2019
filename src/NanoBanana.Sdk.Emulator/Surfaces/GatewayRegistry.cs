using System.Collections.Concurrent;
using System.Collections.Frozen;
using NanoBanana.Sdk.Emulator.Imaging;

namespace NanoBanana.Sdk.Emulator.Surfaces;

/// <summary>One provider gateway's settings, copied at start so later changes to the options have no effect.</summary>
internal sealed class Gateway(GatewayProvider provider)
{
    private readonly FrozenSet<string> _keys = provider.ApiKeys.ToFrozenSet(StringComparer.Ordinal);
    private readonly FrozenDictionary<string, string> _aliases = provider.ModelAliases.ToFrozenDictionary(StringComparer.Ordinal);
    private readonly FrozenDictionary<string, string> _returned = provider.ReturnedModels.ToFrozenDictionary(StringComparer.Ordinal);
    private readonly FrozenDictionary<string, decimal> _prices = provider.Prices.ToFrozenDictionary(StringComparer.Ordinal);
    private readonly FrozenSet<GatewayCallOutcome> _billed = provider.BilledOutcomes.ToFrozenSet();

    public string Name { get; } = provider.Name;

    public GatewayImagePlacement Placement { get; } = provider.ChatImagePlacement;

    public bool ReportsCost { get; } = provider.ReportsCost;

    public bool AnswersImagesAsUrl { get; } = provider.AnswersImagesAsUrl;

    public bool ReportsCostHeader { get; } = provider.ReportsCostHeader;

    public long MaxEditBodyBytes { get; } = provider.MaxEditBodyBytes > 0 ? provider.MaxEditBodyBytes
        : throw new ArgumentException($"Gateway '{provider.Name}': MaxEditBodyBytes must be positive, not {provider.MaxEditBodyBytes}.", "options");

    /// <summary>The reported rate limits and their current window, or null when the gateway sends no rate-limit headers.</summary>
    public RateWindow? RateLimits { get; } = provider.RateLimits is { } limits ? new RateWindow(provider.Name, limits) : null;

    public bool Accepts(string key) => _keys.Count == 0 || _keys.Contains(key);

    /// <summary>The Google model a provider model name stands for, or null when the provider does not serve it.</summary>
    public ModelSpec? Resolve(string model) => ModelSpecs.Find(_aliases.GetValueOrDefault(model, model));

    /// <summary>The model name the provider answers for <paramref name="model"/>.</summary>
    public string Answered(string model) => _returned.GetValueOrDefault(model, model);

    /// <summary>
    /// What the provider's rule charges: the unit price (by the name sent, then the Google id) times the images
    /// returned — or requested, for a timeout — and once for a call without an image; 0 when the outcome is not billed.
    /// </summary>
    public decimal Charge(GatewayCallOutcome outcome, string? model, ModelSpec? spec, int images, int requested)
    {
        if (!_billed.Contains(outcome))
        {
            return 0m;
        }

        var price = model is not null && _prices.TryGetValue(model, out var byName) ? byName
            : spec is not null && _prices.TryGetValue(spec.Id, out var byId) ? byId
            : 0m;
        return price * outcome switch
        {
            GatewayCallOutcome.Success => Math.Max(images, 1),
            GatewayCallOutcome.Timeout => Math.Max(requested, 1),
            _ => 1,
        };
    }

    public bool Bills(GatewayCallOutcome outcome) => _billed.Contains(outcome);
}

/// <summary>The configured provider gateways, their shared ledger and the images served for <c>response_format: url</c>.</summary>
internal sealed class GatewayRegistry
{
    private const int MaxFiles = 256;
    private readonly Dictionary<string, Gateway> _byName = new(StringComparer.Ordinal);

    public GatewayRegistry(IEnumerable<GatewayProvider> providers)
    {
        foreach (var provider in providers)
        {
            ArgumentNullException.ThrowIfNull(provider, nameof(providers));
            if (!_byName.TryAdd(provider.Name, new Gateway(provider)))
            {
                throw new ArgumentException($"Two gateways are named '{provider.Name}'; names must be unique.", nameof(providers));
            }
        }

        if (_byName.Count == 0)
        {
            _byName.Add(GatewayProvider.DefaultName, new Gateway(new GatewayProvider(GatewayProvider.DefaultName)));
        }

        Default = _byName[providers.FirstOrDefault()?.Name ?? GatewayProvider.DefaultName];
    }

    /// <summary>The first configured provider: it also answers <c>/v1/…</c> at the root.</summary>
    public Gateway Default { get; }

    public IEnumerable<string> Names => _byName.Keys;

    public GatewayLedger Ledger { get; } = new();

    /// <summary>Images answered as <c>url</c>, by file id; bounded so a long benchmark cannot exhaust memory.</summary>
    public ConcurrentDictionary<string, GeneratedImage> Files { get; } = new(StringComparer.Ordinal);

    public Gateway? Find(string name) => _byName.GetValueOrDefault(name);

    public string AddFile(GeneratedImage image)
    {
        if (Files.Count >= MaxFiles)
        {
            Files.Clear();
        }

        var id = EmulatorState.NewId();
        Files[id] = image;
        return id;
    }
}

/// <summary>A gateway's rate-limit counters over fixed windows on the emulator clock (headers only, never enforced).</summary>
internal sealed class RateWindow
{
    private readonly Lock _gate = new();
    private readonly int _requests;
    private readonly long _tokens;
    private readonly TimeSpan _window;
    private DateTimeOffset? _start;
    private int _usedRequests;
    private long _usedTokens;

    public RateWindow(string gateway, GatewayRateLimits limits)
    {
        if (limits.Requests <= 0 || limits.Tokens <= 0 || limits.Window <= TimeSpan.Zero)
        {
            throw new ArgumentException(
                $"Gateway '{gateway}': RateLimits needs positive Requests, Tokens and Window (got {limits.Requests}, {limits.Tokens}, {limits.Window}).", "options");
        }

        (_requests, _tokens, _window) = (limits.Requests, limits.Tokens, limits.Window);
    }

    /// <summary>Counts one call using <paramref name="tokens"/> at <paramref name="now"/> and sets the six <c>x-ratelimit-*</c> headers.</summary>
    public void Use(Microsoft.AspNetCore.Http.IHeaderDictionary headers, DateTimeOffset now, long tokens)
    {
        int remainingRequests;
        long remainingTokens;
        TimeSpan left;
        lock (_gate)
        {
            if (_start is not { } start || now >= start + _window)
            {
                _start = start = now;
                _usedRequests = 0;
                _usedTokens = 0;
            }

            _usedRequests++;
            _usedTokens += tokens;
            remainingRequests = Math.Max(0, _requests - _usedRequests);
            remainingTokens = Math.Max(0, _tokens - _usedTokens);
            left = start + _window - now;
        }

        var inv = System.Globalization.CultureInfo.InvariantCulture;
        headers["x-ratelimit-limit-requests"] = _requests.ToString(inv);
        headers["x-ratelimit-remaining-requests"] = remainingRequests.ToString(inv);
        headers["x-ratelimit-reset-requests"] = Format(left);
        headers["x-ratelimit-limit-tokens"] = _tokens.ToString(inv);
        headers["x-ratelimit-remaining-tokens"] = remainingTokens.ToString(inv);
        headers["x-ratelimit-reset-tokens"] = Format(left);
    }

    /// <summary>A duration as OpenAI writes it: <c>250ms</c>, <c>12s</c>, <c>1.5s</c>, <c>6m0s</c>, <c>1h2m3s</c>.</summary>
    internal static string Format(TimeSpan span)
    {
        var inv = System.Globalization.CultureInfo.InvariantCulture;
        if (span < TimeSpan.FromSeconds(1))
        {
            return ((long)Math.Max(0, span.TotalMilliseconds)).ToString(inv) + "ms";
        }

        var seconds = (span.TotalSeconds % 60).ToString("0.###", inv) + "s";
        return span.TotalMinutes < 1 ? seconds
            : span.TotalHours < 1 ? $"{(int)span.TotalMinutes}m{seconds}"
            : $"{(int)span.TotalHours}h{span.Minutes}m{seconds}";
    }
}
