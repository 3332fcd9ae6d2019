using System.Globalization;
using NanoBanana.Sdk.Http;
using NanoBanana.Sdk.Pricing;

namespace NanoBanana.Sdk;

/// <summary>Which request and answer shape a provider gateway speaks (WIRE.md "Provider gateways").</summary>
public enum ProviderDialect
{
    /// <summary><c>POST {base}/v1/chat/completions</c> with <c>modalities</c> and <c>image_config</c>; images as data URLs.</summary>
    ChatCompletions = 0,

    /// <summary><c>POST {base}/v1/images/generations</c> (JSON) and <c>/v1/images/edits</c> (multipart, repeated <c>image[]</c>); <c>data[].b64_json</c>.</summary>
    ImagesApi = 1,

    /// <summary><c>POST {base}/v1beta/models/{model}:generateContent</c> with Bearer auth: Google's body and answer.</summary>
    GeminiPassThrough = 2,
}

/// <summary>What a provider client does when the gateway says another model answered than the one intended.</summary>
public enum ModelMismatchPolicy
{
    /// <summary>Keep the result, flag it (<see cref="ImageGenerationResult.ModelMismatch"/>) and add a warning. The default.</summary>
    Warn = 0,

    /// <summary>Throw a classified error (the call is still billed per the profile's rule).</summary>
    Fail = 1,
}

/// <summary>One dated provider price from the provider's own list; never a Google price.</summary>
public sealed class ProviderPrice
{
    /// <summary>Our model id the price is for (e.g. <c>gemini-3-pro-image</c>); aliases resolve through the model catalog.</summary>
    public string? Model { get; set; }

    /// <summary>Generate or edit, or <see langword="null"/> for both.</summary>
    public ImageOperation? Operation { get; set; }

    /// <summary>The image size, or <see langword="null"/> for every size.</summary>
    public ImageSize? Size { get; set; }

    /// <summary>USD per call (per image).</summary>
    public decimal UnitPriceUsd { get; set; }

    /// <summary>Where the price comes from: the provider's public price page URL or its console.</summary>
    public string? Source { get; set; }

    /// <summary>The date the price was last checked against <see cref="Source"/>. Required.</summary>
    public DateOnly? CheckedOn { get; set; }
}

/// <summary>The provider's data terms as the user read them: recorded in proof reports, never checked by the SDK.</summary>
public sealed class ProviderDataTerms
{
    /// <summary>How long prompts, inputs and outputs are kept.</summary>
    public string? Retention { get; set; }

    /// <summary>Where data is processed and stored.</summary>
    public string? Region { get; set; }

    /// <summary>The content policy (and support terms) that apply.</summary>
    public string? ContentPolicy { get; set; }

    internal bool IsDeclared => !string.IsNullOrWhiteSpace(Retention) && !string.IsNullOrWhiteSpace(Region) && !string.IsNullOrWhiteSpace(ContentPolicy);
}

/// <summary>
/// Everything the SDK must know about one OpenAI-compatible provider gateway: where it is, its key, its dialect, how
/// it names models, its prices, its failed-call billing rule, its timeout, status page, support route and data terms.
/// Bind it from <c>NanoBanana:Providers:&lt;name&gt;</c> with <see cref="FromConfiguration"/>. Read once when a
/// <see cref="ProviderImageClient"/> is built.
/// </summary>
public sealed partial class ProviderProfile
{
    /// <summary>The default timeout for a call to a gateway: 360 s (a common gateway's advice).</summary>
    public static TimeSpan DefaultTimeout { get; } = TimeSpan.FromSeconds(360);

    /// <summary>The default timeout for a 4K call to a gateway: 600 s.</summary>
    public static TimeSpan DefaultTimeout4K { get; } = TimeSpan.FromSeconds(600);

    /// <summary>The warning given when a profile has no prices or no failed-call rule.</summary>
    public const string UnprovenWarning = "unproven provider: every failed call assumed billed";

    /// <summary>Creates a profile.</summary>
    /// <param name="name">The provider's name (e.g. <c>laozhang.ai</c>): names its price table, rule and cost records.</param>
    public ProviderProfile(string name) => Name = name;

    /// <summary>The provider's name; cost records carry it as <see cref="CostRecord.Provider"/>.</summary>
    public string Name { get; set; }

    /// <summary>The gateway's base URL (https; http only on loopback unless <see cref="AllowInsecureHttp"/>). Required.</summary>
    public Uri? BaseUrl { get; set; }

    /// <summary>The provider's API key, sent only as <c>Authorization: Bearer</c> to <see cref="BaseUrl"/>. Required.</summary>
    public string? ApiKey { get; set; }

    /// <summary>Allows an <c>http://</c> base URL off loopback, sending the key in clear text. Off by default.</summary>
    public bool AllowInsecureHttp { get; set; }

    /// <summary>The request and answer shape. Default <see cref="ProviderDialect.ChatCompletions"/>.</summary>
    public ProviderDialect Dialect { get; set; } = ProviderDialect.ChatCompletions;

    /// <summary>Our model id → the provider's model string, e.g. <c>gemini-3-pro-image</c> → <c>google/gemini-3-pro-image-preview</c>. Unmapped ids are sent as given.</summary>
    public IDictionary<string, string> Models { get; } = new Dictionary<string, string>(StringComparer.OrdinalIgnoreCase);

    /// <summary>The provider's dated prices; without any, costs are unknown (never $0).</summary>
    public IList<ProviderPrice> Prices { get; } = [];

    /// <summary>
    /// The provider's failed-call rule: outcome → billed (e.g. <c>NoImage: true</c>). Outcomes not listed follow
    /// <see cref="Pricing.FailedCallRule.UnprovenProvider"/>; an empty rule means the provider is unproven.
    /// </summary>
    public IDictionary<BillingOutcome, bool> FailedCallRule { get; } = new Dictionary<BillingOutcome, bool>();

    /// <summary>Where the failed-call rule comes from (provider docs, call logs). Default: declared in the profile.</summary>
    public string? FailedCallRuleSource { get; set; }

    /// <summary>
    /// The timeout for one call; <see langword="null"/> uses the client options' <see cref="NanoBananaClientOptions.Timeout"/>
    /// (default 360 s), raised to <see cref="DefaultTimeout4K"/> (600 s) for 4K.
    /// </summary>
    public TimeSpan? Timeout { get; set; }

    /// <summary>
    /// Your retry stance for this provider, recorded in proof reports. Off by default: a per-call-billed gateway may
    /// charge every attempt. The client never retries; every request is marked as a paid generation
    /// (<see cref="Http.NanoBananaRequestMetadata.IsPaidGeneration"/>) for retry handlers in your HttpClient pipeline.
    /// </summary>
    public bool AllowRetries { get; set; }

    /// <summary>The provider's status page, checked before blaming Google.</summary>
    public Uri? StatusPage { get; set; }

    /// <summary>The provider's support route.</summary>
    public Uri? SupportUrl { get; set; }

    /// <summary>The provider's data terms as declared by the user.</summary>
    public ProviderDataTerms DataTerms { get; set; } = new();

    /// <summary>Whether prices and a failed-call rule are configured; otherwise the provider is unproven.</summary>
    public bool IsProven => Prices.Count > 0 && FailedCallRule.Count > 0;

    /// <summary>The timeout for a call at <paramref name="size"/>.</summary>
    /// <param name="size">The requested size.</param>
    /// <returns><see cref="Timeout"/>, else 600 s for 4K and 360 s otherwise.</returns>
    public TimeSpan TimeoutFor(ImageSize? size) => Timeout ?? (size == ImageSize.FourK ? DefaultTimeout4K : DefaultTimeout);

    /// <summary>Checks every setting and returns every failure at once (empty when valid); never prints the key.</summary>
    /// <returns>The failures.</returns>
    public IReadOnlyList<string> Validate()
    {
        var failures = new List<string>();
        var name = $"Provider '{Name}'";
        if (string.IsNullOrWhiteSpace(Name))
        {
            failures.Add("A provider profile needs a name (e.g. 'laozhang.ai'): it names the price table, rule and cost records.");
            name = "Provider (unnamed)";
        }

        if (BaseUrl is null)
        {
            failures.Add($"{name} has no BaseUrl: set NanoBanana:Providers:{Name}:BaseUrl to the gateway's https:// endpoint.");
        }
        else
        {
            EndpointValidation.Validate(BaseUrl, $"{name} BaseUrl", AllowInsecureHttp, $"{name} AllowInsecureHttp", "the Authorization header", failures);
        }

        if (string.IsNullOrWhiteSpace(ApiKey))
        {
            failures.Add($"{name} has no ApiKey: set NanoBanana:Providers:{Name}:ApiKey (a provider key; a Gemini key is never sent to a provider).");
        }
        else if (ApiKey.Any(char.IsControl) || !System.Text.Ascii.IsValid(ApiKey))
        {
            failures.Add($"{name} ApiKey contains control or non-ASCII characters (a stray newline or a typographic quote?); copy it again.");
        }

        if (!Enum.IsDefined(Dialect))
        {
            failures.Add($"{name} Dialect '{Dialect}' is not valid. Allowed values: {string.Join(", ", Enum.GetNames<ProviderDialect>())}.");
        }

        foreach (var (ours, theirs) in Models)
        {
            if (string.IsNullOrWhiteSpace(ours) || string.IsNullOrWhiteSpace(theirs))
            {
                failures.Add($"{name} Models entry '{ours}' → '{theirs}' is blank: map our model id to the provider's model string.");
            }
        }

        for (var i = 0; i < Prices.Count; i++)
        {
            var price = Prices[i];
            var row = $"{name} Prices[{i}]";
            if (price is null)
            {
                failures.Add($"{row} is null.");
                continue;
            }

            if (string.IsNullOrWhiteSpace(price.Model))
            {
                failures.Add($"{row} has no Model: name our model id, e.g. 'gemini-3-pro-image'.");
            }

            if (price.UnitPriceUsd < 0)
            {
                failures.Add(string.Create(CultureInfo.InvariantCulture, $"{row} UnitPriceUsd {price.UnitPriceUsd} is negative."));
            }

            if (string.IsNullOrWhiteSpace(price.Source))
            {
                failures.Add($"{row} has no Source: name the provider's public price page or console.");
            }

            if (price.CheckedOn is null)
            {
                failures.Add($"{row} has no CheckedOn date (yyyy-MM-dd): every price row is dated.");
            }

            if (price.Operation is { } op && !Enum.IsDefined(op))
            {
                failures.Add($"{row} Operation '{op}' is not valid. Allowed values: Generate, Edit, or empty for both.");
            }
        }

        foreach (var outcome in FailedCallRule.Keys)
        {
            if (!Enum.IsDefined(outcome))
            {
                failures.Add($"{name} FailedCallRule outcome '{outcome}' is not valid. Allowed values: {string.Join(", ", Enum.GetNames<BillingOutcome>())}.");
            }
        }

        if (Timeout is { } timeout && timeout <= TimeSpan.Zero && timeout != System.Threading.Timeout.InfiniteTimeSpan)
        {
            failures.Add($"{name} Timeout must be positive (default 360 s, 600 s for 4K).");
        }

        if (DataTerms is null)
        {
            failures.Add($"{name} DataTerms must not be null.");
        }

        return failures;
    }

    /// <summary>A deep copy, so a client is not changed by later edits to the profile it was built from.</summary>
    internal ProviderProfile Snapshot()
    {
        var copy = new ProviderProfile(Name)
        {
            BaseUrl = BaseUrl,
            ApiKey = ApiKey,
            AllowInsecureHttp = AllowInsecureHttp,
            Dialect = Dialect,
            FailedCallRuleSource = FailedCallRuleSource,
            Timeout = Timeout,
            AllowRetries = AllowRetries,
            StatusPage = StatusPage,
            SupportUrl = SupportUrl,
            DataTerms = new ProviderDataTerms { Retention = DataTerms.Retention, Region = DataTerms.Region, ContentPolicy = DataTerms.ContentPolicy },
        };
        foreach (var (ours, theirs) in Models)
        {
            copy.Models[ours] = theirs;
        }

        foreach (var price in Prices)
        {
            copy.Prices.Add(new ProviderPrice
            {
                Model = price.Model,
                Operation = price.Operation,
                Size = price.Size,
                UnitPriceUsd = price.UnitPriceUsd,
                Source = price.Source,
                CheckedOn = price.CheckedOn,
            });
        }

        foreach (var (outcome, billed) in FailedCallRule)
        {
            copy.FailedCallRule[outcome] = billed;
        }

        return copy;
    }

    /// <summary>The profile's prices as provider rows of the pricing catalog.</summary>
    /// <remarks>
    /// A row for our id (or a plain prefix of it) prices every string sent for that model; a row naming another
    /// string (a <c>-preview</c> id, a provider string) prices that exact string only: a gateway may price the
    /// <c>-preview</c> id differently from the stable id.
    /// </remarks>
    internal IEnumerable<PriceRow> PriceRows(ModelCatalog catalog) => Prices.Where(p => p.Model is not null && p.Source is not null && p.CheckedOn is not null).Select(p => new PriceRow
    {
        ModelId = IsOwnPriceKey(p.Model!, catalog) ? p.Model!.Trim() : catalog.Resolve(p.Model!).ModelId,
        Lane = PriceLane.Provider,
        Provider = Name,
        Size = p.Size,
        Operation = p.Operation,
        UnitPriceUsd = p.UnitPriceUsd,
        Source = p.Source!,
        CheckedOn = p.CheckedOn!.Value,
    });

    /// <summary>Whether a price row's model is a <c>-preview</c> id of a known model, kept as written rather than resolved to our id.</summary>
    internal static bool IsOwnPriceKey(string model, ModelCatalog catalog)
    {
        var resolved = catalog.Resolve(model.Trim());
        return resolved.IsKnown && model.Contains("-preview", StringComparison.OrdinalIgnoreCase);
    }

    /// <summary>The failed-call rule: the unproven defaults with the profile's declared outcomes on top; <see langword="null"/> when none is declared.</summary>
    internal FailedCallRule? BuildRule()
    {
        if (FailedCallRule.Count == 0)
        {
            return null;
        }

        var source = string.IsNullOrWhiteSpace(FailedCallRuleSource) ? $"provider profile '{Name}' FailedCallRule (declared by the user)" : FailedCallRuleSource;
        var terms = Pricing.FailedCallRule.UnprovenProvider.Terms.ToDictionary();
        foreach (var (outcome, billed) in FailedCallRule)
        {
            terms[outcome] = new FailedCallTerm { Charge = billed ? FailedCallCharge.Charged : FailedCallCharge.NotCharged, Note = billed ? "billed per the provider profile" : "not billed per the provider profile" };
        }

        return new FailedCallRule(Name, source, terms);
    }
}
