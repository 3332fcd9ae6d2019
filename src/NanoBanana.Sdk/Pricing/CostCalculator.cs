using System.Collections.Concurrent;
using System.Globalization;

namespace NanoBanana.Sdk.Pricing;

/// <summary>
/// Prices calls against a <see cref="PricingCatalog"/>: a <see cref="CostEstimate"/> before a call and a
/// <see cref="CostRecord"/> after it. Missing prices stay visible (<see langword="null"/> costs with a note), and a
/// provider call is always recorded on <see cref="PriceLane.Provider"/>, never as a Google price.
/// Thread-safe.
/// </summary>
public sealed class CostCalculator
{
    private const decimal TokensPerMillion = 1_000_000m;

    // Bounds the record cache; a client prices the same few (query, outcome, usage) combinations over and over.
    private const int MaxCachedRecords = 256;

    // A record depends only on the query, the billing facts and the day (price staleness), and is immutable: building
    // its notes costs a few KB of strings per call, so identical calls share one record.
    private readonly ConcurrentDictionary<(CostQuery Query, CallBilling Billing, int Day), CostRecord> _records = new(RecordKeyComparer.Instance);

    private readonly TimeProvider _timeProvider;

    /// <summary>Creates a calculator.</summary>
    /// <param name="catalog">The prices to use.</param>
    /// <param name="timeProvider">The clock for price staleness; <see cref="TimeProvider.System"/> when <see langword="null"/>.</param>
    public CostCalculator(PricingCatalog catalog, TimeProvider? timeProvider = null)
    {
        ArgumentNullException.ThrowIfNull(catalog);
        Catalog = catalog;
        _timeProvider = timeProvider ?? TimeProvider.System;
    }

    /// <summary>The prices in use.</summary>
    public PricingCatalog Catalog { get; }

    /// <summary>
    /// Estimates a call before it is made: the image row × images, plus grounding queries, plus expected retries
    /// (each priced as a full image call). Per-image rows are used; the total is <see langword="null"/> when a
    /// needed row is missing.
    /// </summary>
    /// <param name="query">The call.</param>
    /// <param name="groundingQueries">Search grounding queries expected (charged per query on top of the image).</param>
    /// <param name="expectedRetries">Retries to budget for.</param>
    /// <returns>The estimate.</returns>
    /// <exception cref="ArgumentException">The query is inconsistent (route, lane and provider disagree; no images).</exception>
    /// <exception cref="ArgumentOutOfRangeException">A count is negative.</exception>
    public CostEstimate Estimate(CostQuery query, int groundingQueries = 0, int expectedRetries = 0)
    {
        Validate(query);
        ArgumentOutOfRangeException.ThrowIfNegative(groundingQueries);
        ArgumentOutOfRangeException.ThrowIfNegative(expectedRetries);

        var now = _timeProvider.GetUtcNow();
        var notes = new List<string>();
        AddModelAndLaneNotes(query, notes);

        var image = Catalog.Lookup(PriceFor(query, PriceUnit.PerImage), now);
        notes.Add(image.Message);
        AddIncludesNote(query, now, notes);
        var imageCost = image.UnitPriceUsd * query.ImageCount;
        var grounding = PriceGrounding(query, groundingQueries, now, notes);

        decimal? retryCost = expectedRetries == 0 ? 0m : imageCost * expectedRetries;
        if (expectedRetries > 0)
        {
            notes.Add(string.Create(
                CultureInfo.InvariantCulture,
                $"Retries: {expectedRetries} expected, each priced as a full image call (a retried request can be billed again); grounding on retries is not counted."));
        }

        var total = imageCost + grounding.Cost + retryCost;
        if (total is null)
        {
            notes.Add("Total unknown: a needed price row is missing, and a missing price is never counted as $0.");
        }

        return new CostEstimate
        {
            Route = query.Route,
            Lane = query.Lane,
            Provider = query.Provider,
            ModelId = query.Model.ModelId,
            Size = query.Size,
            Operation = query.Operation,
            ImageCount = query.ImageCount,
            UnitPriceUsd = image.UnitPriceUsd,
            PriceSource = image.Row?.Source,
            PriceCheckedOn = image.Row?.CheckedOn,
            ImageCostUsd = imageCost,
            GroundingQueries = groundingQueries,
            GroundingUnitPriceUsd = grounding.Lookup?.UnitPriceUsd,
            GroundingCostUsd = grounding.Cost,
            ExpectedRetries = expectedRetries,
            RetryCostUsd = retryCost,
            TotalUsd = total,
            PriceStatus = Worst(image.Status, grounding.Lookup?.Status),
            Notes = notes.AsReadOnly(),
        };
    }

    /// <summary>
    /// Records what a finished call cost: the price row used (or the reported output image tokens × the lane's
    /// token price, when both exist), grounding, the reported cost, and whether the outcome is billable under the
    /// failed-call rule.
    /// </summary>
    /// <param name="query">The call.</param>
    /// <param name="billing">What happened.</param>
    /// <returns>The cost record.</returns>
    /// <exception cref="ArgumentException">The query is inconsistent.</exception>
    /// <exception cref="ArgumentOutOfRangeException">A count or the reported cost is negative.</exception>
    public CostRecord Record(CostQuery query, CallBilling billing)
    {
        Validate(query);
        ArgumentNullException.ThrowIfNull(billing);
        ArgumentOutOfRangeException.ThrowIfNegative(billing.Retries, nameof(billing));
        ArgumentOutOfRangeException.ThrowIfNegative(billing.GroundingQueries, nameof(billing));
        if (billing.ReportedCostUsd is { } reported)
        {
            ArgumentOutOfRangeException.ThrowIfNegative(reported, nameof(billing));
        }

        var now = _timeProvider.GetUtcNow();
        var key = (query, billing, DateOnly.FromDateTime(now.UtcDateTime).DayNumber);
        if (_records.TryGetValue(key, out var cached))
        {
            return cached;
        }

        var record = Build(query, billing, now);
        if (_records.Count >= MaxCachedRecords)
        {
            _records.Clear();
        }

        _records[key] = record;
        return record;
    }

    private CostRecord Build(CostQuery query, CallBilling billing, DateTimeOffset now)
    {
        var rule = billing.Rule ?? Catalog.GetFailedCallRule(query.Lane, query.Provider);
        var billable = rule.IsBillable(billing.Outcome, billing.Usage);

        var served = ServedLane(query, billing.Usage);
        if (served is { } servedLane && servedLane != query.Lane)
        {
            query = query with { Lane = servedLane };
        }

        var priceNotes = new List<string>();
        if (served is not null && billing.Usage?.ServiceTier is { } tier)
        {
            priceNotes.Add($"The service reports tier '{tier}' served the call: priced on {PriceRow.DescribeLane(query.Lane, null)}.");
        }

        var used = Catalog.Lookup(PriceFor(query, PriceUnit.PerImage), now);
        var imageCost = used.UnitPriceUsd * query.ImageCount;
        // A call that is not billed must not read like a charge: the image price is shown only as what it would have cost.
        var pricing = (billable ? string.Empty : "Not billed; had it been billed: ") + (used.Row is not { } row
            ? "No price row: the estimated cost is unknown (not $0)."
            : used.DerivedFromTokens is { } perImageTokens
                ? string.Create(CultureInfo.InvariantCulture, $"Priced per image: {query.ImageCount} × {perImageTokens:N0} image tokens × ${row.UnitPriceUsd:0.######} per million = ${imageCost:0.######}.")
                : string.Create(CultureInfo.InvariantCulture, $"Priced per image: {query.ImageCount} × ${row.UnitPriceUsd:0.######} = ${imageCost:0.######}."));

        priceNotes.Add(used.Message);
        var grounding = PriceGrounding(query, billing.GroundingQueries, now, priceNotes);

        var billingNote = new List<string> { rule.Describe(billing.Outcome), pricing };
        if (billing.Outcome != BillingOutcome.Success && billable)
        {
            billingNote.Add("Priced as a full image; the actual charge for this outcome may differ, so compare with the billing log.");
        }

        if (billing.ReportedCostUsd is { } reportedCost)
        {
            billingNote.Add(string.Create(CultureInfo.InvariantCulture, $"The service reported ${reportedCost:0.######}."));
        }

        if (billing.Retries > 0)
        {
            billingNote.Add(string.Create(
                CultureInfo.InvariantCulture,
                $"{billing.Retries} earlier attempt(s) may also have been billed; they are not in this record's estimate."));
        }

        var estimated = imageCost + grounding.Cost;
        var usageCost = billing.Usage is { } usage && query.Lane != PriceLane.Provider ? PriceUsage(query, usage, now) : null;
        if (usageCost is not null)
        {
            billingNote.Add(usageCost.Note);
        }

        return new CostRecord
        {
            Alert = AlertFor(billable, estimated, billing, usageCost, imageCost),
            UsageCost = usageCost,
            Route = query.Route,
            Lane = query.Lane,
            Provider = query.Provider,
            ModelId = query.Model.ModelId,
            RequestedModel = query.Model.Requested,
            Size = query.Size,
            Operation = query.Operation,
            ImageCount = query.ImageCount,
            UnitPriceUsd = used.UnitPriceUsd,
            PriceUnit = used.Query.Unit,
            PriceSource = used.Row?.Source,
            PriceCheckedOn = used.Row?.CheckedOn,
            PriceStatus = Worst(used.Status, grounding.Lookup?.Status),
            PriceNote = string.Join(" ", priceNotes),
            EstimatedCostUsd = estimated,
            ReportedCostUsd = billing.ReportedCostUsd,
            Billable = billable,
            BillingNote = string.Join(" ", billingNote),
            Outcome = billing.Outcome,
            Retries = billing.Retries,
            GroundingQueries = billing.GroundingQueries,
        };
    }

    private static CostAlert? AlertFor(bool billable, decimal? estimated, CallBilling billing, UsageCost? usage, decimal? imageEstimate)
    {
        if (!billable)
        {
            return null;
        }

        var reasons = new List<string>();

        // The per-image estimate covers image output; the reported image tokens are its like-for-like figure.
        if (usage?.ImageCostUsd is { } reportedImage && imageEstimate is { } estimateImage && reportedImage > estimateImage)
        {
            reasons.Add(string.Create(
                CultureInfo.InvariantCulture,
                $"The reported image tokens ({usage.ImageTokens:N0}) cost ${reportedImage:0.######}, more than the per-image estimate ${estimateImage:0.######}."));
        }

        if (billing.ReportedCostUsd is { } reported && estimated is { } estimate && reported > estimate)
        {
            reasons.Add(string.Create(CultureInfo.InvariantCulture, $"The service reported ${reported:0.######}, more than the estimate ${estimate:0.######}."));
        }

        if (estimated is null && billing.ReportedCostUsd is null)
        {
            reasons.Add("The call is billable but has no price, so its cost is unknown, not $0.");
        }

        if (billing.Retries > 0)
        {
            reasons.Add(string.Create(CultureInfo.InvariantCulture, $"{billing.Retries} earlier attempt(s) may also have been billed."));
        }

        return reasons.Count == 0 ? null : new CostAlert { Reasons = reasons };
    }

    private (PriceLookup? Lookup, decimal? Cost) PriceGrounding(CostQuery query, int groundingQueries, DateTimeOffset now, List<string> notes)
    {
        if (groundingQueries == 0)
        {
            return (null, 0m);
        }

        var lookup = Catalog.Lookup(PriceFor(query, PriceUnit.PerGroundingQuery), now);
        var cost = lookup.UnitPriceUsd * groundingQueries;
        notes.Add(lookup.Row is null
            ? string.Create(CultureInfo.InvariantCulture, $"Grounding: {groundingQueries} search queries are charged on top of the image, but there is no price for them. {lookup.Message}")
            : string.Create(CultureInfo.InvariantCulture, $"Grounding: {groundingQueries} × ${lookup.Row.UnitPriceUsd:0.######} = ${cost:0.######}. {lookup.Message}"));
        return (lookup, cost);
    }

    private static void AddModelAndLaneNotes(CostQuery query, List<string> notes)
    {
        if (query.Model.Warning is { } warning)
        {
            notes.Add(warning);
        }

        if (query.Lane == PriceLane.Provider)
        {
            notes.Add($"Provider price from {query.Provider}'s own list: not a Google price or discount.");
        }
    }

    private static PriceQuery PriceFor(CostQuery query, PriceUnit unit) =>
        new()
        {
            ModelId = query.Model.ModelId,
            Lane = query.Lane,
            Size = query.Size,
            Operation = query.Operation,
            Provider = query.Provider,
            Unit = unit,
            ImageTokens = query.Model.Model?.TokensFor(query.Size),
        };

    // The tier that served the call prices it (SPEC §3); only on the official route, where tiers exist.
    private static PriceLane? ServedLane(CostQuery query, TokenUsage? usage) =>
        query.Route == ImageRoute.Official && usage?.ServiceTier is { } tier && ServiceTier.TryParse(tier, out var parsed) ? parsed.Lane : null;

    private UsageCost PriceUsage(CostQuery query, TokenUsage usage, DateTimeOffset now)
    {
        var notes = new List<string>();
        (decimal? Cost, int Tokens) Part(int tokens, PriceUnit unit, string what)
        {
            if (tokens == 0)
            {
                return (0m, 0);
            }

            var lookup = Catalog.Lookup(PriceFor(query, unit), now);
            if (lookup.Row is not { } row)
            {
                notes.Add(string.Create(CultureInfo.InvariantCulture, $"{tokens:N0} {what} tokens: no rate ({lookup.Message})"));
                return (null, tokens);
            }

            var cost = tokens * row.UnitPriceUsd / TokensPerMillion;
            notes.Add(string.Create(CultureInfo.InvariantCulture, $"{tokens:N0} {what} tokens × ${row.UnitPriceUsd:0.######}/1M = ${cost:0.######} (checked {row.CheckedOn:yyyy-MM-dd})"));
            return (cost, tokens);
        }

        var image = Part(usage.OutputImageTokens ?? 0, PriceUnit.PerMillionOutputImageTokens, "image output");
        var text = Part((usage.OutputTextTokens ?? 0) + (usage.ThoughtTokens ?? 0), PriceUnit.PerMillionOutputTextTokens, "text and thinking output");
        var input = Part(usage.InputTokens ?? 0, PriceUnit.PerMillionInputTokens, "input");
        var total = image.Cost + text.Cost + input.Cost;
        var head = total is { } sum
            ? string.Create(CultureInfo.InvariantCulture, $"Reported usage on {PriceRow.DescribeLane(query.Lane, null)}: ${sum:0.######}")
            : $"Reported usage on {PriceRow.DescribeLane(query.Lane, null)}: total unknown (a rate is missing, never counted as $0)";
        return new UsageCost
        {
            Lane = query.Lane,
            ImageTokens = image.Tokens,
            ImageCostUsd = image.Cost,
            TextTokens = text.Tokens,
            TextCostUsd = text.Cost,
            InputTokens = input.Tokens,
            InputCostUsd = input.Cost,
            Note = notes.Count == 0 ? head + " (no tokens reported)." : $"{head} = {string.Join(" + ", notes)}.",
        };
    }

    private void AddIncludesNote(CostQuery query, DateTimeOffset now, List<string> notes)
    {
        if (query.Lane == PriceLane.Provider)
        {
            notes.Add("Includes: the provider's per-call price only.");
            return;
        }

        var input = Catalog.Lookup(PriceFor(query, PriceUnit.PerMillionInputTokens), now).Row;
        var text = Catalog.Lookup(PriceFor(query, PriceUnit.PerMillionOutputTextTokens), now).Row;
        string Rate(PriceRow? row) => row is null ? "no rate row" : string.Create(CultureInfo.InvariantCulture, $"${row.UnitPriceUsd:0.######} per 1M");
        notes.Add($"Includes: output image tokens only. Not included: input tokens (prompt text and input images, {Rate(input)}) and text/thinking output ({Rate(text)}); the cost record prices them when the service reports usage.");
    }

    private static PriceStatus Worst(PriceStatus first, PriceStatus? second) =>
        second is { } other && other > first ? other : first;

    private static void Validate(CostQuery query)
    {
        ArgumentNullException.ThrowIfNull(query);
        if (query.Model is null)
        {
            throw new ArgumentException("CostQuery.Model is required: resolve the model string with ModelCatalog.Resolve.", nameof(query));
        }

        if (query.ImageCount < 1)
        {
            throw new ArgumentException(string.Create(CultureInfo.InvariantCulture, $"CostQuery.ImageCount is {query.ImageCount}; it must be at least 1."), nameof(query));
        }

        PricingCatalog.EnsureLaneAndProvider(query.Lane, query.Provider, nameof(query));
        var laneFitsRoute = query.Route switch
        {
            ImageRoute.Provider => query.Lane == PriceLane.Provider,
            ImageRoute.Batch => query.Lane is PriceLane.GoogleBatch or PriceLane.GoogleFlex,
            ImageRoute.Official => query.Lane is PriceLane.GoogleStandard or PriceLane.GooglePriority or PriceLane.GoogleFlex,
            _ => false,
        };
        if (!laneFitsRoute)
        {
            throw new ArgumentException(
                $"Route {query.Route} cannot be billed on lane {query.Lane}. Allowed: Official → GoogleStandard, GooglePriority or GoogleFlex; Batch → GoogleBatch or GoogleFlex; Provider → Provider.",
                nameof(query));
        }
    }

    /// <summary>
    /// The record cache's key comparison: value equality as the records define it, but a hash over a few cheap fields.
    /// A record's generated hash walks the whole model (its catalog entry, lifecycle, sizes and lanes) on every call.
    /// Equal keys still hash alike: every field hashed here is part of the records' equality.
    /// </summary>
    private sealed class RecordKeyComparer : IEqualityComparer<(CostQuery Query, CallBilling Billing, int Day)>
    {
        public static readonly RecordKeyComparer Instance = new();

        public bool Equals((CostQuery Query, CallBilling Billing, int Day) x, (CostQuery Query, CallBilling Billing, int Day) y) =>
            x.Day == y.Day && x.Query.Equals(y.Query) && x.Billing.Equals(y.Billing);

        public int GetHashCode((CostQuery Query, CallBilling Billing, int Day) key) =>
            HashCode.Combine(
                key.Day,
                key.Query.Route,
                key.Query.Lane,
                key.Query.Model.ModelId.Length,
                key.Query.Size,
                key.Query.ImageCount,
                key.Billing.Outcome,
                HashCode.Combine(key.Billing.Retries, key.Billing.GroundingQueries, key.Billing.Usage?.OutputTokens, key.Billing.Usage?.InputTokens));
    }
}
