using System.Globalization;
using System.Text;
using NanoBanana.Sdk.Pricing;

namespace NanoBanana.Sdk;

/// <summary>
/// One reason behind a <see cref="RoutePlan"/>: a short stable code for logs, alerts and tests (see
/// <see cref="RouteReasonCodes"/>) and a sentence for a person.
/// </summary>
public sealed record RouteReason
{
    /// <summary>The stable code, e.g. <c>QUALITY_DRAFT_LITE</c>.</summary>
    public required string Code { get; init; }

    /// <summary>The explanation, e.g. <c>Draft quality: Nano Banana 2 Lite (gemini-3.1-flash-lite-image), the cheapest model.</c></summary>
    public required string Message { get; init; }

    /// <summary><c>CODE: message</c>.</summary>
    /// <returns>The reason as one line.</returns>
    public override string ToString() => $"{Code}: {Message}";
}

/// <summary>The codes of <see cref="RouteReason"/>: stable across versions (new ones may be added).</summary>
public static class RouteReasonCodes
{
    /// <summary>The request names its model; the policy keeps it.</summary>
    public const string ModelExplicit = "MODEL_EXPLICIT";

    /// <summary>Default quality: the configured or catalog default-tier model.</summary>
    public const string ModelDefault = "MODEL_DEFAULT";

    /// <summary>Draft quality: Nano Banana 2 Lite.</summary>
    public const string QualityDraftLite = "QUALITY_DRAFT_LITE";

    /// <summary>Draft quality, but Lite cannot serve the size or ratio: the default-tier model.</summary>
    public const string DraftLiteUnsupported = "DRAFT_LITE_UNSUPPORTED";

    /// <summary>Final, 4K or typography work with Pro allowed: Pro.</summary>
    public const string ProAsked = "PRO_ASKED";

    /// <summary>Final, 4K or typography work without Pro allowed: the default-tier model (Pro is never the default).</summary>
    public const string ProNotAsked = "PRO_NOT_ASKED";

    /// <summary>A deprecated model was replaced by its (allowed) replacement.</summary>
    public const string ModelDeprecatedReplaced = "MODEL_DEPRECATED_REPLACED";

    /// <summary>A deprecated model was kept: its replacement is not allowed or cannot serve the request.</summary>
    public const string ModelDeprecatedKept = "MODEL_DEPRECATED_KEPT";

    /// <summary>A model past its shutdown date was replaced on a Google route.</summary>
    public const string ModelShutDownReplaced = "MODEL_SHUT_DOWN_REPLACED";

    /// <summary>A legacy model: compatibility only.</summary>
    public const string ModelLegacy = "MODEL_LEGACY";

    /// <summary>A previous interaction id pins the official route on the Interactions transport.</summary>
    public const string PinPreviousInteraction = "PIN_PREVIOUS_INTERACTION";

    /// <summary>Billing labels pin Google's routes.</summary>
    public const string PinLabels = "PIN_GOOGLE_LABELS";

    /// <summary>Search grounding pins Google's routes.</summary>
    public const string PinSearchGrounding = "PIN_GOOGLE_SEARCH";

    /// <summary>An explicit service tier pins the official route.</summary>
    public const string PinServiceTier = "PIN_SERVICE_TIER";

    /// <summary>Interactive work: the official route on the Standard lane.</summary>
    public const string UrgencyInteractiveStandard = "URGENCY_INTERACTIVE_STANDARD";

    /// <summary>Can wait minutes and the model has a Flex lane: Flex.</summary>
    public const string UrgencyMinutesFlex = "URGENCY_MINUTES_FLEX";

    /// <summary>Can wait minutes but the model has no Flex lane: Standard (Batch can take up to 24 h).</summary>
    public const string UrgencyMinutesNoFlex = "URGENCY_MINUTES_NO_FLEX";

    /// <summary>Offline work: a Batch job.</summary>
    public const string UrgencyOfflineBatch = "URGENCY_OFFLINE_BATCH";

    /// <summary>Offline work but Batch is not available or not allowed: Flex or Standard.</summary>
    public const string UrgencyOfflineNoBatch = "URGENCY_OFFLINE_NO_BATCH";

    /// <summary>The preferred provider takes the request.</summary>
    public const string ProviderPreferred = "PROVIDER_PREFERRED";

    /// <summary>Google's routes are not allowed (or absent): a provider gateway takes the request.</summary>
    public const string ProviderOnlyRoute = "PROVIDER_ONLY_ROUTE";

    /// <summary>The request's size; or the model's default size when none is asked.</summary>
    public const string SizeDefault = "SIZE_DEFAULT";

    /// <summary>The model takes no size parameter.</summary>
    public const string SizeNotSent = "SIZE_NOT_SENT";

    /// <summary>The price the plan is estimated with, with its source.</summary>
    public const string Price = "PRICE";

    /// <summary>No price row matches: the estimate is unknown (never $0).</summary>
    public const string PriceMissing = "PRICE_MISSING";

    /// <summary>The per-image budget is passed and routing down is off or cannot fit: refused.</summary>
    public const string BudgetPerImageExceeded = "BUDGET_PER_IMAGE_EXCEEDED";

    /// <summary>A budget is set but the price is unknown: refused (a missing price never counts as $0).</summary>
    public const string BudgetPriceUnknown = "BUDGET_PRICE_UNKNOWN";

    /// <summary>The plan was routed down (one fallback step) to fit a budget.</summary>
    public const string BudgetRoutedDown = "BUDGET_ROUTED_DOWN";

    /// <summary>No allowed route can carry the request: refused.</summary>
    public const string NoAllowedRoute = "NO_ALLOWED_ROUTE";

    /// <summary>The plan is a fallback step from a failed plan.</summary>
    public const string FallbackStep = "FALLBACK_STEP";
}

/// <summary>
/// The decision of <see cref="INanoBananaClient.Plan"/>: the route, lane, model, size and expected price of one
/// request, and the reasons for each choice. Made without any network call; the same request on the same day gets the
/// same (cached, immutable) plan. <see cref="ToString"/> is readable by a person and a log.
/// </summary>
public sealed record RoutePlan
{
    /// <summary>The route that carries the request.</summary>
    public required ImageRoute Route { get; init; }

    /// <summary>The lane it is billed on.</summary>
    public required PriceLane Lane { get; init; }

    /// <summary>The provider gateway on <see cref="ImageRoute.Provider"/>; otherwise <see langword="null"/>.</summary>
    public string? Provider { get; init; }

    /// <summary>The model string sent (the request's own string when it named the model, else a catalog id).</summary>
    public required string Model { get; init; }

    /// <summary>The catalog id the model resolves to (prices and policy use it).</summary>
    public required string ModelId { get; init; }

    /// <summary>The size sent; <see langword="null"/> when none is sent (the model's default, or a model that takes no size).</summary>
    public ImageSize? Size { get; init; }

    /// <summary>The size the plan is priced at (the size sent, else the model's default).</summary>
    public required ImageSize PricedSize { get; init; }

    /// <summary>The aspect ratio sent, or <see langword="null"/>.</summary>
    public AspectRatio? AspectRatio { get; init; }

    /// <summary>The service tier sent on the official route; <see langword="null"/> elsewhere.</summary>
    public ServiceTier? ServiceTier { get; init; }

    /// <summary>The official transport the plan needs (<see cref="OfficialTransport.Interactions"/> for a previous interaction), else <see langword="null"/>.</summary>
    public OfficialTransport? RequiredTransport { get; init; }

    /// <summary>How soon the image is needed (from the request).</summary>
    public RoutingUrgency Urgency { get; init; }

    /// <summary>What the image is for (from the request).</summary>
    public RoutingQuality Quality { get; init; }

    /// <summary>The expected price of one image, or <see langword="null"/> when no price row matches.</summary>
    public decimal? UnitPriceUsd { get; init; }

    /// <summary>Where <see cref="UnitPriceUsd"/> comes from (a public URL), or <see langword="null"/>.</summary>
    public string? PriceSource { get; init; }

    /// <summary>When <see cref="UnitPriceUsd"/> was checked, or <see langword="null"/>.</summary>
    public DateOnly? PriceCheckedOn { get; init; }

    /// <summary>Found, stale or missing.</summary>
    public PriceStatus PriceStatus { get; init; }

    /// <summary>
    /// What the request is expected to cost at most: images × unit price, plus the expected retries where the route's
    /// failed-call rule bills the failures that cause them. <see langword="null"/> when the price is unknown. The budget
    /// guard reserves this amount.
    /// </summary>
    public decimal? EstimatedCostUsd { get; init; }

    /// <summary>What <see cref="EstimatedCostUsd"/> includes, in one sentence.</summary>
    public string? EstimateNote { get; init; }

    /// <summary>Why each choice was made, in order.</summary>
    public required IReadOnlyList<RouteReason> Reasons { get; init; }

    /// <summary>The reason the request is refused before sending (a budget, no allowed route), or <see langword="null"/> when it can be sent.</summary>
    public RouteReason? Refusal { get; init; }

    /// <summary>Whether the plan refuses the request (<see cref="Refusal"/> is set).</summary>
    public bool IsRefused => Refusal is not null;

    /// <summary>Whether the plan submits a Batch job (the result carries the job handle, not an image).</summary>
    public bool IsBatchJob => Route == ImageRoute.Batch;

    /// <summary>Whether <see cref="Reasons"/> holds a reason with <paramref name="code"/>.</summary>
    /// <param name="code">A <see cref="RouteReasonCodes"/> value.</param>
    /// <returns><see langword="true"/> when present.</returns>
    public bool HasReason(string code)
    {
        foreach (var reason in Reasons)
        {
            if (string.Equals(reason.Code, code, StringComparison.Ordinal))
            {
                return true;
            }
        }

        return false;
    }

    /// <summary>The plan on one line, then one line per reason.</summary>
    /// <returns>E.g. <c>Official/GoogleStandard gemini-nano-banana-2.1 1K 16:9 ~$0.0336 per image (source …, checked 2026-10-08)</c> and the reasons.</returns>
    public override string ToString()
    {
        var text = new StringBuilder();
        text.Append(Route).Append('/').Append(Lane);
        if (Provider is not null)
        {
            text.Append(" (").Append(Provider).Append(')');
        }

        text.Append(' ').Append(Model).Append(' ').Append(Size?.Value ?? PricedSize.Value + " (default)");
        if (AspectRatio is { } ratio)
        {
            text.Append(' ').Append(ratio.Value);
        }

        if (ServiceTier is { } tier)
        {
            text.Append(" tier ").Append(tier.Value);
        }

        text.Append(UnitPriceUsd is { } price
            ? string.Create(CultureInfo.InvariantCulture, $" ~${price:0.######} per image (source {PriceSource}; checked {PriceCheckedOn:yyyy-MM-dd})")
            : " price unknown");
        if (EstimatedCostUsd is { } estimate)
        {
            text.Append(CultureInfo.InvariantCulture, $", estimate up to ${estimate:0.######}");
        }

        if (Refusal is { } refusal)
        {
            text.Append(" REFUSED ").Append(refusal);
        }

        foreach (var reason in Reasons)
        {
            text.AppendLine().Append("  - ").Append(reason);
        }

        return text.ToString();
    }
}
