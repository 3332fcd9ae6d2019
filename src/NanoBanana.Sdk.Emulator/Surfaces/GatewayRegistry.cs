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
