using NanoBanana.Sdk.Pricing;

namespace NanoBanana.Sdk;

/// <summary>A provider client's validated settings: the profile, the shared options and the pricing with the provider's rows and rule.</summary>
internal sealed class ProviderSettings
{
    private readonly string _baseUrl;

    private ProviderSettings(ProviderProfile profile, ProviderImageClientOptions options)
    {
        Profile = profile;
        ApiKey = profile.ApiKey!.Trim();
        BaseUrl = profile.BaseUrl!;
        _baseUrl = BaseUrl.AbsoluteUri.TrimEnd('/') + "/";
        DefaultModel = options.Model;
        Timeout = options.Timeout;
        MismatchPolicy = options.ModelMismatchPolicy;
        MaxImageBytes = options.MaxImageBytes;
        ProjectId = options.ProjectId;
        KeyType = options.KeyType;
        IncludePromptInPacket = options.IncludePromptInPacket;
        IncludePromptInTelemetry = options.IncludePromptInTelemetry;
        Catalog = options.ModelCatalog;
        Time = options.TimeProvider;
        var pricing = options.Pricing.WithRows(profile.PriceRows(options.ModelCatalog));
        Rule = profile.BuildRule() ?? pricing.GetFailedCallRule(PriceLane.Provider, profile.Name);
        Pricing = new CostCalculator(pricing.WithFailedCallRule(profile.Name, Rule), options.TimeProvider);
        var unproven = new List<string>();
        if (profile.Prices.Count == 0)
        {
            unproven.Add("no prices");
        }

        if (profile.FailedCallRule.Count == 0)
        {
            unproven.Add("no failed-call rule");
        }

        Warnings = unproven.Count == 0
            ? []
            : [$"Provider '{profile.Name}': {ProviderProfile.UnprovenWarning} ({string.Join(", ", unproven)} configured; rule used: {Rule.Name}). Run ProviderProof before production."];
    }

    public ProviderProfile Profile { get; }

    public string ApiKey { get; }

    public Uri BaseUrl { get; }

    public string DefaultModel { get; }

    /// <summary>The options' timeout, used when the profile sets none.</summary>
    public TimeSpan Timeout { get; }

    /// <summary>The profile's timeout, else the options' (default 360 s), at least 600 s for 4K.</summary>
    public TimeSpan TimeoutFor(ImageSize? size) =>
        Profile.Timeout is { } own ? own
        : Timeout == System.Threading.Timeout.InfiniteTimeSpan ? Timeout
        : size == ImageSize.FourK && Timeout < ProviderProfile.DefaultTimeout4K ? ProviderProfile.DefaultTimeout4K
        : Timeout;

    public ModelMismatchPolicy MismatchPolicy { get; }

    public long MaxImageBytes { get; }

    public string? ProjectId { get; }

    public string KeyType { get; }

    public bool IncludePromptInPacket { get; }

    public bool IncludePromptInTelemetry { get; }

    public ModelCatalog Catalog { get; }

    public TimeProvider Time { get; }

    public FailedCallRule Rule { get; }

    public CostCalculator Pricing { get; }

    public IReadOnlyList<string> Warnings { get; }

    public string EndpointSetting => $"NanoBanana:Providers:{Profile.Name}:BaseUrl";

    public Uri Resolve(string relativePath) => new(_baseUrl + relativePath);

    public static ProviderSettings From(ProviderProfile profile, ProviderImageClientOptions options)
    {
        ArgumentNullException.ThrowIfNull(profile);
        ArgumentNullException.ThrowIfNull(options);
        var failures = new List<string>(profile.Validate());
        failures.AddRange(options.Validate());
        if (failures.Count > 0)
        {
            throw new ArgumentException(string.Join(Environment.NewLine, failures), nameof(profile));
        }

        options.ModelCatalog.Resolve(options.Model);
        return new ProviderSettings(profile.Snapshot(), options);
    }
}
