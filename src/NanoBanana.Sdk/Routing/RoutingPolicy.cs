using System.Collections.Concurrent;
using System.Globalization;
using NanoBanana.Sdk.Pricing;

namespace NanoBanana.Sdk;

/// <summary>What a request allows and pins, computed once per request (cheap, no allocation beyond the struct).</summary>
internal readonly record struct RouteScope(bool Official, bool Batch, bool Provider, bool PinnedOfficial, bool PinnedGoogle, RoutingUrgency Urgency, string? PreferredProvider);

/// <summary>The cache key of a plan: every request fact the policy reads, and the day (lifecycle, price age).</summary>
internal readonly record struct PlanKey(
    string? Model,
    ImageSize? Size,
    AspectRatio? AspectRatio,
    ImageOperation Operation,
    int ImageCount,
    bool Labels,
    bool Search,
    bool PreviousInteraction,
    ServiceTier? Tier,
    RoutingUrgency Urgency,
    RoutingQuality Quality,
    bool TextFidelity,
    bool AllowPro,
    decimal? MaxPerImageUsd,
    int RoutesMask,
    string? PreferredProvider,
    int Day);

/// <summary>
/// The routing policy (SPEC §1, §2, §4, §7, §8): pure decisions from the request, the options, the catalog and the
/// prices. Plans are cached per <see cref="PlanKey"/>; a plan is immutable.
/// </summary>
internal sealed class RoutingPolicy
{
    private const int MaxCachedPlans = 1024;

    private static readonly ImageSize[] SizeOrder = [ImageSize.Size512, ImageSize.OneK, ImageSize.TwoK, ImageSize.FourK];

    private readonly ConcurrentDictionary<PlanKey, RoutePlan> _plans = new();
    private readonly bool _hasOfficial;
    private readonly bool _hasBatch;
    private readonly OfficialTransport? _officialTransport;
    private readonly int _allowedMask;
    private readonly IReadOnlyList<string> _providers;
    private readonly string? _preferredProvider;
    private readonly TimeProvider _time;

    public RoutingPolicy(
        RoutingOptions options,
        bool hasOfficial,
        OfficialTransport? officialTransport,
        bool hasBatch,
        IReadOnlyList<string> providers,
        PricingCatalog pricing,
        TimeProvider time)
    {
        Catalog = options.ModelCatalog;
        Pricing = pricing;
        _time = time;
        _hasOfficial = hasOfficial;
        _officialTransport = officialTransport;
        _hasBatch = hasBatch;
        _providers = providers;
        _preferredProvider = string.IsNullOrWhiteSpace(options.PreferredProvider) ? null : options.PreferredProvider.Trim();
        _allowedMask = options.AllowedRoutes.Count == 0 ? 0b111 : Mask(options.AllowedRoutes);
        DefaultModel = options.DefaultModel is { } configured && !string.IsNullOrWhiteSpace(configured)
            ? Catalog.Resolve(configured.Trim()).ModelId
            : Catalog.DefaultModel;
        PerImageUsd = options.Budget.PerImageUsd;
        RouteDown = options.Budget.RouteDown;
        ExpectedRetries = options.Budget.ExpectedRetries;
        Steps = options.Fallback.Distinct().Order().ToArray();
    }

    public ModelCatalog Catalog { get; }

    public PricingCatalog Pricing { get; }

    public string DefaultModel { get; }

    public decimal? PerImageUsd { get; }

    public bool RouteDown { get; }

    public int ExpectedRetries { get; }

    public IReadOnlyList<FallbackStep> Steps { get; }

    public RoutePlan Plan(ImageRequest request)
    {
        ArgumentNullException.ThrowIfNull(request);
        ArgumentException.ThrowIfNullOrWhiteSpace(request.Prompt, nameof(request));
        var routing = request.Routing;
        var google = request.Google;
        var key = new PlanKey(
            request.Model,
            request.Size,
            request.AspectRatio,
            request.Operation,
            request.ImageCount,
            google?.Labels is { Count: > 0 },
            google?.UseGoogleSearch ?? false,
            google?.PreviousInteractionId is not null,
            google?.ServiceTier,
            routing?.Urgency ?? RoutingUrgency.Interactive,
            routing?.Quality ?? RoutingQuality.Default,
            routing?.NeedsTextFidelity ?? false,
            routing?.AllowPro ?? false,
            routing?.MaxPerImageUsd,
            routing?.AllowedRoutes is { Count: > 0 } routes ? Mask(routes) : 0b111,
            routing?.PreferredProvider,
            DateOnly.FromDateTime(_time.GetUtcNow().UtcDateTime).DayNumber);
        if (_plans.TryGetValue(key, out var cached))
        {
            return cached;
        }

        var plan = Build(request, key);
        if (_plans.Count >= MaxCachedPlans)
        {
            _plans.Clear();
        }

        _plans[key] = plan;
        return plan;
    }

    /// <summary>What a request allows and pins (also used by the fallback ladder).</summary>
    public RouteScope Scope(ImageRequest request, bool throwOnConflict)
    {
        var mask = _allowedMask & (request.Routing?.AllowedRoutes is { Count: > 0 } routes ? Mask(routes) : 0b111);
        var official = _hasOfficial && (mask & Bit(ImageRoute.Official)) != 0;
        var batch = _hasBatch && (mask & Bit(ImageRoute.Batch)) != 0;
        var provider = _providers.Count > 0 && (mask & Bit(ImageRoute.Provider)) != 0;
        var google = request.Google;
        var pinnedOfficial = google?.PreviousInteractionId is not null || google?.ServiceTier is not null;
        var pinnedGoogle = pinnedOfficial || google?.Labels is { Count: > 0 } || (google?.UseGoogleSearch ?? false);
        if (pinnedOfficial)
        {
            batch = false;
            provider = false;
            if (!official && throwOnConflict)
            {
                throw new ArgumentException(
                    google!.PreviousInteractionId is not null
                        ? "request.Google.PreviousInteractionId pins the official route (Interactions), but that route is not allowed or no IOfficialImageClient was given. Allow ImageRoute.Official (NanoBanana:Routing:AllowedRoutes and request.Routing.AllowedRoutes) or drop the previous interaction."
                        : "request.Google.ServiceTier pins the official route, but that route is not allowed or no IOfficialImageClient was given. Allow ImageRoute.Official or leave the tier unset (Routing.Urgency chooses Flex or Batch).",
                    nameof(request));
            }
        }
        else if (pinnedGoogle)
        {
            provider = false;
            if (!official && !batch && throwOnConflict)
            {
                throw new ArgumentException(
                    "request.Google.Labels and UseGoogleSearch pin Google's routes (official or Batch), but neither is allowed or present. Allow ImageRoute.Official or ImageRoute.Batch, or drop the Google-only settings.",
                    nameof(request));
            }
        }

        if (!official && !batch && !provider && throwOnConflict)
        {
            throw new ArgumentException(
                $"No route can carry the request: allowed routes {(mask == 0b111 ? "all" : Describe(mask))}; clients present: {Present()}. Allow a route whose client is present (NanoBanana:Routing:AllowedRoutes, request.Routing.AllowedRoutes).",
                nameof(request));
        }

        var preferred = request.Routing?.PreferredProvider is { Length: > 0 } asked ? asked.Trim() : _preferredProvider;
        return new RouteScope(official, batch, provider, pinnedOfficial, pinnedGoogle, request.Routing?.Urgency ?? RoutingUrgency.Interactive, preferred);
    }

    private RoutePlan Build(ImageRequest request, PlanKey key)
    {
        if (!Enum.IsDefined(key.Urgency))
        {
            throw new ArgumentException($"request.Routing.Urgency '{key.Urgency}' is not valid. Allowed values: {string.Join(", ", Enum.GetNames<RoutingUrgency>())}.", nameof(request));
        }

        if (!Enum.IsDefined(key.Quality))
        {
            throw new ArgumentException($"request.Routing.Quality '{key.Quality}' is not valid. Allowed values: {string.Join(", ", Enum.GetNames<RoutingQuality>())}.", nameof(request));
        }

        if (key.MaxPerImageUsd is < 0)
        {
            throw new ArgumentException($"request.Routing.MaxPerImageUsd {key.MaxPerImageUsd} must not be negative (USD per image, e.g. 0.05).", nameof(request));
        }

        var scope = Scope(request, throwOnConflict: true);
        var reasons = new List<RouteReason>();
        var today = DateOnly.FromDayNumber(key.Day);

        if (key.PreviousInteraction)
        {
            if (_officialTransport == OfficialTransport.GenerateContent)
            {
                throw new ArgumentException(
                    "request.Google.PreviousInteractionId needs the Interactions transport, but the official client uses generateContent. Set NanoBanana:Official:Transport to Interactions.",
                    nameof(request));
            }

            reasons.Add(R(RouteReasonCodes.PinPreviousInteraction, "A previous interaction id continues a conversation that only the official route's Interactions API holds: the official route, Interactions transport."));
        }

        if (key.Tier is { } explicitTier)
        {
            reasons.Add(R(RouteReasonCodes.PinServiceTier, $"The request asks for service tier '{explicitTier}', a setting only the official route sends: the official route on that tier."));
        }

        if (key.Labels)
        {
            reasons.Add(R(RouteReasonCodes.PinLabels, "Billing labels are a Google setting a provider gateway cannot carry: Google's routes only."));
        }

        if (key.Search)
        {
            reasons.Add(R(RouteReasonCodes.PinSearchGrounding, "Search grounding is a Google tool a provider gateway cannot carry: Google's routes only (search queries are charged on top of the image)."));
        }

        // 1. The model, from what the image is for.
        var (model, modelReason) = ChooseModel(request, key);
        reasons.Add(modelReason);
        var resolution = Catalog.Resolve(model);

        // 2. The route and lane, from how soon the image is needed and what is allowed.
        var (route, lane, tier, provider, routeReason) = ChooseRoute(key, scope, resolution.Model);
        reasons.Add(routeReason);

        // 3. Lifecycle: never a deprecated model when its replacement can serve; never a shut-down id on Google's API.
        (model, resolution) = ApplyLifecycle(model, resolution, key, route, lane, today, reasons);

        if (resolution.IsLegacy)
        {
            reasons.Add(R(RouteReasonCodes.ModelLegacy, $"'{resolution.ModelId}' is legacy (compatibility only): plan a migration to {resolution.Model?.Lifecycle?.ReplacementId ?? ImageModel.NanoBanana21Id}."));
        }

        // 4. Size.
        var info = resolution.Model;
        var size = key.Size;
        if (info is { SendsImageSize: false } && size is null)
        {
            reasons.Add(R(RouteReasonCodes.SizeNotSent, $"'{info.Id}' takes no size parameter (one ~1 MP size per ratio): no size is sent."));
        }
        else if (size is null)
        {
            reasons.Add(R(RouteReasonCodes.SizeDefault, $"No size asked: none is sent and the service default ({info?.DefaultSize.Value ?? "1K"}) is priced."));
        }

        if (route != ImageRoute.Provider)
        {
            ModelCatalog.EnsureSupported(resolution, size, key.AspectRatio, lane);
        }

        var plan = new RoutePlan
        {
            Route = route,
            Lane = lane,
            Provider = provider,
            Model = model,
            ModelId = resolution.ModelId,
            Size = size,
            PricedSize = size ?? info?.DefaultSize ?? ImageSize.OneK,
            AspectRatio = key.AspectRatio,
            ServiceTier = tier,
            RequiredTransport = key.PreviousInteraction ? OfficialTransport.Interactions : null,
            Urgency = key.Urgency,
            Quality = key.Quality,
            Reasons = reasons.AsReadOnly(),
        };
        plan = Priced(plan, key.Operation, key.ImageCount, addReason: true);
        return FitPerImageBudget(plan, key, scope);
    }

    private (string Model, RouteReason Reason) ChooseModel(ImageRequest request, PlanKey key)
    {
        if (key.Model is { } asked)
        {
            if (string.IsNullOrWhiteSpace(asked))
            {
                throw new ArgumentException($"request.Model must not be blank; leave it unset to let the policy choose (default '{DefaultModel}').", nameof(request));
            }

            return (asked, R(RouteReasonCodes.ModelExplicit, $"The request names model '{asked}': kept (quality '{key.Quality}' only chooses when no model is named)."));
        }

        var size = key.Size;
        var ratio = key.AspectRatio;
        if (key.Quality == RoutingQuality.Draft)
        {
            var lite = Cheapest(ModelTier.Lite);
            if (lite is not null && Serves(lite, size, ratio))
            {
                return (lite.Id, R(RouteReasonCodes.QualityDraftLite, $"Draft quality: {lite.FamilyName} ({lite.Id}), the cheapest model, for fast iteration."));
            }

            return (DefaultModel, R(
                RouteReasonCodes.DraftLiteUnsupported,
                lite is null
                    ? $"Draft quality, but the catalog has no Lite model: the default model '{DefaultModel}'."
                    : $"Draft quality, but {lite.FamilyName} ({lite.Id}) takes only {string.Join(", ", lite.SupportedSizes)} and {lite.SupportedAspectRatios.Count} ratios, not {size?.Value ?? "the default size"} {ratio?.Value}: the default model '{DefaultModel}'."));
        }

        var why = key.Quality == RoutingQuality.Final ? "final quality" : size == ImageSize.FourK ? "a 4K image" : key.TextFidelity ? "exact text (typography)" : null;
        if (why is not null)
        {
            var pro = Cheapest(ModelTier.Pro);
            if (key.AllowPro && pro is not null && Serves(pro, size, ratio))
            {
                return (pro.Id, R(RouteReasonCodes.ProAsked, $"The request needs {why} and allows Pro (the cheaper model failed the bar): {pro.FamilyName} ({pro.Id})."));
            }

            return (DefaultModel, R(
                RouteReasonCodes.ProNotAsked,
                key.AllowPro
                    ? $"The request needs {why} and allows Pro, but no Pro model serves {size?.Value ?? "the default size"} {ratio?.Value}: the default model '{DefaultModel}'."
                    : $"The request needs {why}, but Pro is never the default: the default model '{DefaultModel}'. Set Routing.AllowPro once it visibly fails the quality bar."));
        }

        return (DefaultModel, R(RouteReasonCodes.ModelDefault, $"Default quality: the default model '{DefaultModel}' (Pro is never the default)."));
    }

    private (ImageRoute Route, PriceLane Lane, ServiceTier? Tier, string? Provider, RouteReason Reason) ChooseRoute(PlanKey key, RouteScope scope, ImageModel? model)
    {
        if (key.Tier is { } tier && scope.Official)
        {
            return (ImageRoute.Official, tier.Lane, tier, null, R(RouteReasonCodes.PinServiceTier, $"Official route on the '{tier}' tier, as asked."));
        }

        var modelName = model?.Id ?? key.Model ?? DefaultModel;
        switch (key.Urgency)
        {
            case RoutingUrgency.Offline when scope.Batch:
                return (ImageRoute.Batch, PriceLane.GoogleBatch, null, null,
                    R(RouteReasonCodes.UrgencyOfflineBatch, "Offline work: a Batch job (about half the Standard price, up to 24 h); the result is the job handle."));
            case RoutingUrgency.Offline when scope.Official:
                var hasFlex = model?.Supports(PriceLane.GoogleFlex) ?? false;
                return (ImageRoute.Official, hasFlex ? PriceLane.GoogleFlex : PriceLane.GoogleStandard, hasFlex ? ServiceTier.Flex : ServiceTier.Standard, null,
                    R(RouteReasonCodes.UrgencyOfflineNoBatch, $"Offline work, but the Batch route is {(_hasBatch ? "not allowed" : "not configured (no IBatchImageClient)")}: {(hasFlex ? $"Flex, the next cheapest lane of '{modelName}'" : $"Standard ('{modelName}' has no Flex lane)")}."));
            case RoutingUrgency.Minutes when scope.Official && (model?.Supports(PriceLane.GoogleFlex) ?? false):
                return (ImageRoute.Official, PriceLane.GoogleFlex, ServiceTier.Flex, null,
                    R(RouteReasonCodes.UrgencyMinutesFlex, $"Can wait minutes and '{modelName}' has a Flex lane: Flex (synchronous, about half price, 1–15 min, may be shed)."));
        }

        if (scope.Provider && scope.PreferredProvider is { } preferred && HasProvider(preferred) && key.Urgency != RoutingUrgency.Offline)
        {
            return (ImageRoute.Provider, PriceLane.Provider, null, ProviderName(preferred),
                R(RouteReasonCodes.ProviderPreferred, $"Preferred provider '{preferred}': its gateway, price list and billing rule (never a Google price)."));
        }

        if (scope.Official)
        {
            return key.Urgency switch
            {
                RoutingUrgency.Minutes => (ImageRoute.Official, PriceLane.GoogleStandard, ServiceTier.Standard, null,
                    R(RouteReasonCodes.UrgencyMinutesNoFlex, $"Can wait minutes, but '{modelName}' has no Flex lane (lanes: {Lanes(model)}) and Batch can take up to 24 h: Standard.")),
                _ => (ImageRoute.Official, PriceLane.GoogleStandard, ServiceTier.Standard, null,
                    R(RouteReasonCodes.UrgencyInteractiveStandard, "Real-time output: the official route on the Standard lane (Batch and Flex never serve real-time work).")),
            };
        }

        if (scope.Provider)
        {
            var name = scope.PreferredProvider is { } p && HasProvider(p) ? ProviderName(p) : _providers[0];
            var missing = scope.PreferredProvider is { } q && !HasProvider(q) ? $" (preferred provider '{q}' is not configured or not allowed)" : string.Empty;
            return (ImageRoute.Provider, PriceLane.Provider, null, name,
                R(RouteReasonCodes.ProviderOnlyRoute, $"The official route is not allowed or not configured: provider '{name}'{missing}, priced on its own list."));
        }

        if (key.Urgency == RoutingUrgency.Interactive)
        {
            throw new ArgumentException(
                "Real-time (Interactive) work cannot go to a Batch job, and only the Batch route is allowed. Allow ImageRoute.Official or ImageRoute.Provider, or set request.Routing.Urgency to Offline.",
                "request");
        }

        return (ImageRoute.Batch, PriceLane.GoogleBatch, null, null,
            R(RouteReasonCodes.UrgencyMinutesNoFlex, "Can wait minutes, but only the Batch route is allowed: a Batch job (may take up to 24 h)."));
    }

    private (string Model, ModelResolution Resolution) ApplyLifecycle(
        string model, ModelResolution resolution, PlanKey key, ImageRoute route, PriceLane lane, DateOnly today, List<RouteReason> reasons)
    {
        if (resolution.Lifecycle is not { } lifecycle)
        {
            return (model, resolution);
        }

        var shutDown = lifecycle.IsShutDownOn(today);
        var deprecated = lifecycle.IsDeprecatedOn(today);
        if (!shutDown && !deprecated)
        {
            return (model, resolution);
        }

        if (shutDown && route == ImageRoute.Provider)
        {
            // A shut-down -preview id stays a usable provider alias (SPEC §2).
            return (model, resolution);
        }

        var id = resolution.HasOwnLifecycle ? resolution.Requested : resolution.ModelId;
        var replacement = lifecycle.ReplacementId is { } r ? Catalog.Find(r) : null;
        var usable = replacement is not null
            && !(replacement.Lifecycle?.IsDeprecatedOn(today) ?? false)
            && !(replacement.Lifecycle?.IsShutDownOn(today) ?? false)
            && Serves(replacement, key.Size, key.AspectRatio)
            && (route == ImageRoute.Provider || replacement.Supports(lane));
        if (usable && !string.Equals(replacement!.Id, resolution.ModelId, StringComparison.OrdinalIgnoreCase))
        {
            reasons.Add(R(
                shutDown ? RouteReasonCodes.ModelShutDownReplaced : RouteReasonCodes.ModelDeprecatedReplaced,
                shutDown
                    ? string.Create(CultureInfo.InvariantCulture, $"'{id}' was shut down on Google's API on {lifecycle.ShutdownOn:yyyy-MM-dd}: its replacement '{replacement.Id}' is used.")
                    : string.Create(CultureInfo.InvariantCulture, $"'{id}' is deprecated since {lifecycle.DeprecatedOn:yyyy-MM-dd}: its replacement '{replacement.Id}' serves this request, so it is used instead.")));
            return (replacement.Id, Catalog.Resolve(replacement.Id));
        }

        if (shutDown && usable)
        {
            // The alias is shut down but stands for a current id (a -preview id): send the current id.
            reasons.Add(R(RouteReasonCodes.ModelShutDownReplaced, string.Create(CultureInfo.InvariantCulture, $"'{id}' was shut down on Google's API on {lifecycle.ShutdownOn:yyyy-MM-dd}: the current id '{replacement!.Id}' is sent.")));
            return (replacement.Id, Catalog.Resolve(replacement.Id));
        }

        if (shutDown)
        {
            // Refused before sending, naming the replacement.
            ModelCatalog.EnsureServed(resolution, today.ToDateTime(TimeOnly.MinValue, DateTimeKind.Utc));
        }

        var why = replacement is null
            ? lifecycle.ReplacementId is null ? "no replacement is named" : $"its replacement '{lifecycle.ReplacementId}' is not in the catalog"
            : $"its replacement '{replacement.Id}' cannot serve {key.Size?.Value ?? "the default size"} {key.AspectRatio?.Value} on {PriceRow.DescribeLane(lane, null)} or is itself deprecated";
        reasons.Add(R(RouteReasonCodes.ModelDeprecatedKept, string.Create(CultureInfo.InvariantCulture, $"'{id}' is deprecated since {lifecycle.DeprecatedOn:yyyy-MM-dd} but kept: {why}.")));
        return (model, resolution);
    }

    /// <summary>Prices a plan (unit price, source, estimate with retries under the failed-call rule).</summary>
    public RoutePlan Priced(RoutePlan plan, ImageOperation operation, int imageCount, bool addReason)
    {
        var info = Catalog.Find(plan.ModelId);
        var query = new PriceQuery { ModelId = plan.ModelId, Lane = plan.Lane, Size = plan.PricedSize, Operation = operation, Provider = plan.Provider, ImageTokens = info?.TokensFor(plan.PricedSize) };
        var lookup = Pricing.Lookup(query, _time.GetUtcNow());
        if (lookup.Row is null && plan.Route == ImageRoute.Provider && !string.Equals(plan.Model, plan.ModelId, StringComparison.OrdinalIgnoreCase))
        {
            lookup = Pricing.Lookup(query with { ModelId = plan.Model }, _time.GetUtcNow());
        }

        var rule = Pricing.GetFailedCallRule(plan.Lane, plan.Provider);
        var retriesBilled = rule.IsBillable(BillingOutcome.ServerError, null) || rule.IsBillable(BillingOutcome.Timeout, null);
        var count = Math.Max(1, imageCount);
        decimal? estimate = lookup.UnitPriceUsd is { } unit ? unit * count * (1 + (retriesBilled ? ExpectedRetries : 0)) : null;
        var note = lookup.UnitPriceUsd is null
            ? "Unknown: no price row matches (a missing price is never $0)."
            : retriesBilled && ExpectedRetries > 0
                ? $"{count} image(s) plus {ExpectedRetries} retry(ies), each priced as a full image: the {rule.Name} rule bills 5xx or timeouts."
                : $"{count} image(s); retries add nothing: the {rule.Name} rule bills no 429, 5xx or timeout.";
        var reasons = plan.Reasons;
        if (addReason)
        {
            var list = new List<RouteReason>(plan.Reasons)
            {
                lookup.Row is null
                    ? R(RouteReasonCodes.PriceMissing, lookup.Message)
                    : R(RouteReasonCodes.Price, lookup.Message + " Estimate: " + note),
            };
            reasons = list.AsReadOnly();
        }

        return plan with
        {
            UnitPriceUsd = lookup.UnitPriceUsd,
            PriceSource = lookup.Row?.Source,
            PriceCheckedOn = lookup.Row?.CheckedOn,
            PriceStatus = lookup.Status,
            EstimatedCostUsd = estimate,
            EstimateNote = note,
            Reasons = reasons,
        };
    }

    private RoutePlan FitPerImageBudget(RoutePlan plan, PlanKey key, RouteScope scope)
    {
        var limit = key.MaxPerImageUsd ?? PerImageUsd;
        if (limit is not { } max)
        {
            return plan;
        }

        if (plan.UnitPriceUsd is null)
        {
            return plan with
            {
                Refusal = R(RouteReasonCodes.BudgetPriceUnknown, string.Create(CultureInfo.InvariantCulture, $"A per-image budget of ${max:0.######} is set but the price of this plan is unknown: refused (a missing price never counts as $0). Add a price row.")),
            };
        }

        if (plan.UnitPriceUsd <= max)
        {
            return plan;
        }

        var original = plan;
        if (RouteDown)
        {
            foreach (var step in Steps)
            {
                if (Step(plan, step, scope, key.Operation, key.ImageCount, tried: null, out _) is not { } down)
                {
                    continue;
                }

                var reasons = new List<RouteReason>(down.Reasons)
                {
                    R(RouteReasonCodes.BudgetRoutedDown, string.Create(CultureInfo.InvariantCulture, $"${plan.UnitPriceUsd:0.######} per image passes the per-image budget ${max:0.######}: routed down one step ({step}) to ${down.UnitPriceUsd:0.######}.")),
                };
                plan = down with { Reasons = reasons.AsReadOnly() };
                if (plan.UnitPriceUsd <= max)
                {
                    return plan;
                }
            }
        }

        return plan with
        {
            Refusal = R(RouteReasonCodes.BudgetPerImageExceeded, string.Create(
                CultureInfo.InvariantCulture,
                $"${plan.UnitPriceUsd:0.######} per image passes the per-image budget ${max:0.######} by ${plan.UnitPriceUsd - max:0.######}{(RouteDown ? (ReferenceEquals(plan, original) ? "; no enabled fallback step makes it cheaper" : "; even after routing down with every enabled step") : "; routing down is off (Routing:Budget:RouteDown)")}: refused before sending.")),
        };
    }

    /// <summary>
    /// One fallback step applied to <paramref name="plan"/>: one change (size, lane/route, model or provider), re-priced.
    /// <see langword="null"/> when the step does not apply; <paramref name="skipped"/> then says why.
    /// </summary>
    public RoutePlan? Step(RoutePlan plan, FallbackStep step, RouteScope scope, ImageOperation operation, int imageCount, ISet<string>? tried, out string? skipped)
    {
        skipped = null;
        var info = Catalog.Find(plan.ModelId);
        RoutePlan? next = null;
        string? change = null;
        switch (step)
        {
            case FallbackStep.LowerResolution:
                if (info is null || !info.SendsImageSize)
                {
                    skipped = $"'{plan.ModelId}' {(info is null ? "is not in the catalog" : "takes no size")}: no lower resolution.";
                    break;
                }

                var lower = SizeOrder.TakeWhile(s => s != plan.PricedSize).Where(info.Supports).Cast<ImageSize?>().LastOrDefault();
                if (lower is not { } smaller)
                {
                    skipped = $"'{plan.ModelId}' has no size below {plan.PricedSize}.";
                    break;
                }

                next = plan with { Size = smaller, PricedSize = smaller };
                change = $"resolution {plan.PricedSize} → {smaller}";
                break;

            case FallbackStep.MoveToFlexOrBatch:
                if (scope.Urgency == RoutingUrgency.Interactive)
                {
                    skipped = "real-time (Interactive) work never moves to Flex (1–15 min) or Batch (up to 24 h).";
                    break;
                }

                if (plan.Route == ImageRoute.Official && plan.Lane != PriceLane.GoogleFlex && scope.Official && info is not null && info.Supports(PriceLane.GoogleFlex) && !scope.PinnedOfficial)
                {
                    next = plan with { Lane = PriceLane.GoogleFlex, ServiceTier = ServiceTier.Flex };
                    change = "lane → Flex";
                }
                else if (plan.Route != ImageRoute.Batch && scope.Batch && (info is null || info.Supports(PriceLane.GoogleBatch)))
                {
                    next = plan with { Route = ImageRoute.Batch, Lane = PriceLane.GoogleBatch, ServiceTier = null, Provider = null };
                    change = "route → Batch job";
                }
                else
                {
                    skipped = scope.PinnedOfficial
                        ? "the request is pinned to the official route's tier or interaction."
                        : $"'{plan.ModelId}' has no Flex lane here and the Batch route is {(scope.Batch ? "already in use" : "not allowed or not configured")}.";
                }

                break;

            case FallbackStep.CheaperModel:
                var cheaper = info?.Tier switch
                {
                    ModelTier.Pro => Catalog.Find(DefaultModel),
                    ModelTier.Standard => Cheapest(ModelTier.Lite),
                    _ => null,
                };
                if (cheaper is null || string.Equals(cheaper.Id, plan.ModelId, StringComparison.OrdinalIgnoreCase))
                {
                    skipped = $"no cheaper model below '{plan.ModelId}'.";
                    break;
                }

                if (!Serves(cheaper, plan.Size, plan.AspectRatio) || (plan.Route != ImageRoute.Provider && !cheaper.Supports(plan.Lane)))
                {
                    skipped = $"the cheaper model '{cheaper.Id}' cannot serve {plan.Size?.Value ?? "the default size"} {plan.AspectRatio?.Value} on {PriceRow.DescribeLane(plan.Lane, plan.Provider)} (one change per step).";
                    break;
                }

                next = plan with { Model = cheaper.Id, ModelId = cheaper.Id };
                change = $"model {plan.ModelId} → {cheaper.Id}";
                break;

            case FallbackStep.ChangeProvider:
                if (scope.PinnedGoogle)
                {
                    skipped = "the request is pinned to Google's routes (labels, search grounding, tier or a previous interaction).";
                    break;
                }

                if (!scope.Provider)
                {
                    skipped = "no provider gateway is configured or allowed.";
                    break;
                }

                string? name = null;
                if (scope.PreferredProvider is { } preferred && HasProvider(preferred) && !string.Equals(ProviderName(preferred), plan.Provider, StringComparison.OrdinalIgnoreCase) && !(tried?.Contains(ProviderName(preferred)) ?? false))
                {
                    name = ProviderName(preferred);
                }

                foreach (var candidate in _providers)
                {
                    if (name is not null)
                    {
                        break;
                    }

                    if (!string.Equals(candidate, plan.Provider, StringComparison.OrdinalIgnoreCase) && !(tried?.Contains(candidate) ?? false))
                    {
                        name = candidate;
                    }
                }

                if (name is null)
                {
                    skipped = "every allowed provider was already tried.";
                    break;
                }

                next = plan with { Route = ImageRoute.Provider, Lane = PriceLane.Provider, Provider = name, ServiceTier = null, RequiredTransport = null };
                change = plan.Provider is null ? $"route {plan.Route} → provider '{name}'" : $"provider '{plan.Provider}' → '{name}'";
                break;
        }

        if (next is null)
        {
            return null;
        }

        var reasons = new List<RouteReason>(plan.Reasons.Where(r => r.Code is not (RouteReasonCodes.Price or RouteReasonCodes.PriceMissing)))
        {
            R(RouteReasonCodes.FallbackStep, $"Fallback step {step}: {change}."),
        };
        return Priced(next with { Reasons = reasons.AsReadOnly(), Refusal = null }, operation, imageCount, addReason: true);
    }

    private bool HasProvider(string name)
    {
        foreach (var provider in _providers)
        {
            if (string.Equals(provider, name, StringComparison.OrdinalIgnoreCase))
            {
                return true;
            }
        }

        return false;
    }

    private string ProviderName(string name)
    {
        foreach (var provider in _providers)
        {
            if (string.Equals(provider, name, StringComparison.OrdinalIgnoreCase))
            {
                return provider;
            }
        }

        return name;
    }

    private ImageModel? Cheapest(ModelTier tier)
    {
        var today = DateOnly.FromDateTime(_time.GetUtcNow().UtcDateTime);
        return Catalog.Models
            .Where(m => m.Tier == tier && !(m.Lifecycle?.IsDeprecatedOn(today) ?? false) && !(m.Lifecycle?.IsShutDownOn(today) ?? false))
            .OrderBy(m => m.Id, StringComparer.Ordinal)
            .FirstOrDefault();
    }

    private static bool Serves(ImageModel model, ImageSize? size, AspectRatio? ratio) =>
        (size is not { } s || (model.SendsImageSize && model.Supports(s))) && (ratio is not { } r || model.Supports(r));

    private static string Lanes(ImageModel? model) =>
        model is null ? "unknown" : string.Join(", ", model.Lanes.Select(l => PriceRow.DescribeLane(l, null)));

    private string Present() =>
        string.Join(", ", new[] { _hasOfficial ? "Official" : null, _hasBatch ? "Batch" : null, _providers.Count > 0 ? $"Provider ({string.Join(", ", _providers)})" : null }.Where(s => s is not null));

    private static int Bit(ImageRoute route) => 1 << (int)route;

    private static int Mask(IReadOnlyList<ImageRoute> routes)
    {
        var mask = 0;
        for (var i = 0; i < routes.Count; i++)
        {
            mask |= Bit(routes[i]);
        }

        return mask;
    }

    private static int Mask(IList<ImageRoute> routes)
    {
        var mask = 0;
        foreach (var route in routes)
        {
            mask |= Bit(route);
        }

        return mask;
    }

    private static string Describe(int mask) =>
        string.Join(", ", Enum.GetValues<ImageRoute>().Where(r => (mask & Bit(r)) != 0));

    private static RouteReason R(string code, string message) => new() { Code = code, Message = message };
}
