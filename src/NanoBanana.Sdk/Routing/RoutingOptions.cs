using NanoBanana.Sdk.Errors;
using NanoBanana.Sdk.Pricing;

namespace NanoBanana.Sdk;

/// <summary>
/// One step of the fallback ladder, in the order the source guide lists them (SPEC §8). A step changes one thing
/// about the failed plan; the ladder runs the steps the user enabled, in this order, each at most once.
/// </summary>
public enum FallbackStep
{
    /// <summary>Lower the resolution one size (4K → 2K → 1K → 512, within the model's sizes).</summary>
    LowerResolution = 0,

    /// <summary>Move to Flex (the model's Flex lane) or else to a Batch job. Never for <see cref="RoutingUrgency.Interactive"/> work.</summary>
    MoveToFlexOrBatch = 1,

    /// <summary>Switch to the cheaper model: Pro → the default-tier model → Lite, where it serves the same size and ratio.</summary>
    CheaperModel = 2,

    /// <summary>Change provider: from a Google route to a provider gateway (the preferred one first), or to the next provider.</summary>
    ChangeProvider = 3,
}

/// <summary>Budgets in USD that <see cref="NanoBananaClient"/> enforces before sending (<c>NanoBanana:Routing:Budget</c>).</summary>
public sealed class RoutingBudget
{
    /// <summary>The most one image may cost (<c>PerImageUsd</c>); <see langword="null"/>: no limit.</summary>
    public decimal? PerImageUsd { get; set; }

    /// <summary>The most all requests together may spend per quota day (midnight Pacific) (<c>PerDayUsd</c>, scope <c>total</c>); <see langword="null"/>: no limit.</summary>
    public decimal? PerDayUsd { get; set; }

    /// <summary>
    /// Daily limits of other scopes (<c>Scopes:&lt;scope&gt;</c>), e.g. <c>route:Official</c> → 20, <c>model:gemini-3-pro-image</c> → 5.
    /// Every request is counted on <c>total</c>, <c>route:&lt;Route&gt;</c>, <c>model:&lt;id&gt;</c> (and <c>provider:&lt;name&gt;</c> on the provider route).
    /// </summary>
    public IDictionary<string, decimal> Scopes { get; } = new Dictionary<string, decimal>(StringComparer.Ordinal);

    /// <summary>
    /// When a request would pass a budget, route it down with the enabled <see cref="RoutingOptions.Fallback"/> steps
    /// (lower resolution, Flex/Batch, cheaper model, another provider) until it fits, instead of refusing it
    /// (<c>RouteDown</c>). Default <see langword="false"/>: refuse.
    /// </summary>
    public bool RouteDown { get; set; }

    /// <summary>
    /// Retries each estimate budgets for (<c>ExpectedRetries</c>): each is priced as a full image where the route's
    /// failed-call rule bills the failures that cause retries (5xx, timeouts). Default 1.
    /// </summary>
    public int ExpectedRetries { get; set; } = 1;
}

/// <summary>
/// How <see cref="NanoBananaClient"/> chooses a route, a model and a size, and what it may do when a call fails
/// (<c>NanoBanana:Routing</c>). Read once, when the client is built.
/// </summary>
public sealed class RoutingOptions
{
    /// <summary>The error kinds the ladder steps on by default: capacity (503, 504) and per-minute rate limits (429).</summary>
    public static IReadOnlyList<ErrorKind> DefaultFallbackErrorKinds { get; } = [ErrorKind.RateLimited, ErrorKind.ServiceUnavailable, ErrorKind.ServiceTimeout];

    /// <summary>The error kinds the ladder never steps on: safety blocks, credentials and permissions, bad requests.</summary>
    public static IReadOnlyList<ErrorKind> NeverFallbackErrorKinds { get; } =
    [
        ErrorKind.NoImage, ErrorKind.ContentPolicy, ErrorKind.Authentication, ErrorKind.KeyRestricted, ErrorKind.PermissionDenied,
        ErrorKind.InvalidRequest, ErrorKind.RequestTooLarge, ErrorKind.BudgetExceeded,
    ];

    /// <summary>
    /// The model for <see cref="RoutingQuality.Default"/> work (<c>DefaultModel</c>); <see langword="null"/>: the catalog's
    /// default (Nano Banana 2.1). A Pro model is refused: Pro is never the default.
    /// </summary>
    public string? DefaultModel { get; set; }

    /// <summary>The routes requests may use (<c>AllowedRoutes</c>); empty: every route whose client is present.</summary>
    public IList<ImageRoute> AllowedRoutes { get; } = [];

    /// <summary>The providers the provider route may use, by name (<c>AllowedProviders</c>); empty: every provider client given.</summary>
    public IList<string> AllowedProviders { get; } = [];

    /// <summary>
    /// The provider to use (<c>PreferredProvider</c>): interactive work that is not pinned to Google goes to it first,
    /// and the <see cref="FallbackStep.ChangeProvider"/> step tries it first.
    /// </summary>
    public string? PreferredProvider { get; set; }

    /// <summary>The budgets (<c>Budget</c>).</summary>
    public RoutingBudget Budget { get; } = new();

    /// <summary>The fallback steps the user enables (<c>Fallback</c>); run in <see cref="FallbackStep"/> order whatever the order here. Empty: no fallback.</summary>
    public IList<FallbackStep> Fallback { get; } = [];

    /// <summary>The error kinds a fallback step is taken on (<c>FallbackOn</c>); empty: <see cref="DefaultFallbackErrorKinds"/>. Kinds in <see cref="NeverFallbackErrorKinds"/> are refused.</summary>
    public IList<ErrorKind> FallbackOn { get; } = [];

    /// <summary>The model facts the policy reads (sizes, lanes, lifecycle, replacements). Default <see cref="ModelCatalog.Default"/>.</summary>
    public ModelCatalog ModelCatalog { get; set; } = ModelCatalog.Default;

    /// <summary>The prices plans are estimated with (provider clients' own price rows are added). Default <see cref="PricingCatalog.Default"/>.</summary>
    public PricingCatalog Pricing { get; set; } = PricingCatalog.Default;

    /// <summary>Checks the options; every failure is listed, each naming its setting and the allowed values.</summary>
    /// <returns>The failures; empty when the options are valid.</returns>
    public IReadOnlyList<string> Validate()
    {
        var failures = new List<string>();
        var catalog = ModelCatalog;
        if (catalog is null)
        {
            failures.Add("Routing.ModelCatalog must not be null (default ModelCatalog.Default).");
        }

        if (Pricing is null)
        {
            failures.Add("Routing.Pricing must not be null (default PricingCatalog.Default).");
        }

        if (DefaultModel is { } model && catalog is not null)
        {
            if (string.IsNullOrWhiteSpace(model))
            {
                failures.Add($"Routing:DefaultModel must not be blank; leave it unset for the catalog default '{catalog.DefaultModel}'.");
            }
            else if (catalog.Resolve(model).Model is { Tier: ModelTier.Pro } pro)
            {
                failures.Add($"Routing:DefaultModel '{model}' is a Pro model ({pro.Id}): Pro is an override per request (RoutingPreferences.AllowPro), never the default. Allowed values: {string.Join(", ", catalog.Models.Where(m => m.Tier != ModelTier.Pro).Select(m => m.Id))}.");
            }
        }

        foreach (var route in AllowedRoutes)
        {
            if (!Enum.IsDefined(route))
            {
                failures.Add($"Routing:AllowedRoutes '{route}' is not a route. Allowed values: {string.Join(", ", Enum.GetNames<ImageRoute>())}.");
            }
        }

        foreach (var step in Fallback)
        {
            if (!Enum.IsDefined(step))
            {
                failures.Add($"Routing:Fallback '{step}' is not a step. Allowed values: {string.Join(", ", Enum.GetNames<FallbackStep>())}.");
            }
        }

        foreach (var kind in FallbackOn)
        {
            if (NeverFallbackErrorKinds.Contains(kind))
            {
                failures.Add($"Routing:FallbackOn '{kind}' is refused: the ladder never steps on a safety block, a credential or permission error or a bad request (changing route would hide it). Allowed values: {string.Join(", ", Enum.GetValues<ErrorKind>().Except(NeverFallbackErrorKinds))}.");
            }
        }

        if (Budget.PerImageUsd is < 0)
        {
            failures.Add($"Routing:Budget:PerImageUsd {Budget.PerImageUsd} must not be negative (USD per image, e.g. 0.05).");
        }

        if (Budget.PerDayUsd is < 0)
        {
            failures.Add($"Routing:Budget:PerDayUsd {Budget.PerDayUsd} must not be negative (USD per quota day, e.g. 25).");
        }

        foreach (var (scope, limit) in Budget.Scopes)
        {
            if (limit < 0)
            {
                failures.Add($"Routing:Budget:Scopes:{scope} {limit} must not be negative (USD per quota day).");
            }
        }

        if (Budget.ExpectedRetries < 0)
        {
            failures.Add($"Routing:Budget:ExpectedRetries {Budget.ExpectedRetries} must not be negative (default 1).");
        }

        return failures;
    }
}
