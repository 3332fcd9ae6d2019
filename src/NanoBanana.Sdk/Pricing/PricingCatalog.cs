using System.Collections.ObjectModel;
using System.Globalization;

namespace NanoBanana.Sdk.Pricing;

/// <summary>
/// Every price the SDK knows: the Google table and one table per provider, kept apart so a provider price is
/// never shown as Google's; an optional maximum price age that marks old rows stale; and the failed-call rule of
/// each provider. Immutable and thread-safe: the <c>With…</c> methods return a new catalog.
/// </summary>
public sealed partial class PricingCatalog
{
    private const string ConfigurationHint = "PricingCatalog.WithRow or configuration NanoBanana:Pricing:Rows";

    private readonly ReadOnlyDictionary<string, PriceTable> _providers;
    private readonly ReadOnlyDictionary<string, FailedCallRule> _failedCallRules;

    private PricingCatalog(
        PriceTable google,
        Dictionary<string, PriceTable> providers,
        TimeSpan? maxPriceAge,
        Dictionary<string, FailedCallRule> failedCallRules)
    {
        Google = google;
        _providers = providers.AsReadOnly();
        MaxPriceAge = maxPriceAge;
        _failedCallRules = failedCallRules.AsReadOnly();
    }

    /// <summary>A catalog with no rows, no maximum age and no provider rules: start here to ignore the seed prices.</summary>
    public static PricingCatalog Empty { get; } = new(
        PriceTable.EmptyGoogle,
        new Dictionary<string, PriceTable>(StringComparer.OrdinalIgnoreCase),
        maxPriceAge: null,
        new Dictionary<string, FailedCallRule>(StringComparer.OrdinalIgnoreCase));

    /// <summary>
    /// The seed prices (MODELS.md §5): Google's $/1M token rates per model, lane and token kind (per-image prices derive
    /// from the model's tokens per size), provider per-image rows in their own tables, each with its public source URL
    /// and checked date, and laozhang.ai's failed-call rule.
    /// No maximum price age is set (see <see cref="WithMaxPriceAge"/>). Override any row with <see cref="WithRow"/>
    /// or <see cref="FromConfiguration"/>.
    /// </summary>
    public static PricingCatalog Default { get; } = Empty
        .WithRows(SeedPrices.Rows)
        .WithFailedCallRule(SeedPrices.LaozhangAi, FailedCallRule.LaozhangAi);

    /// <summary>The Google table (Standard, Priority, Batch and Flex lanes).</summary>
    public PriceTable Google { get; }

    /// <summary>One table per provider, keyed by provider name (case-insensitive).</summary>
    public IReadOnlyDictionary<string, PriceTable> Providers => _providers;

    /// <summary>Rows checked longer ago than this are <see cref="PriceStatus.Stale"/>; <see langword="null"/> never marks a row stale.</summary>
    public TimeSpan? MaxPriceAge { get; }

    /// <summary>Failed-call rules configured per provider (case-insensitive names).</summary>
    public IReadOnlyDictionary<string, FailedCallRule> FailedCallRules => _failedCallRules;

    /// <summary>
    /// Returns a new catalog with <paramref name="row"/> in its owner's table (Google, or the row's provider),
    /// replacing a row with the same model, lane, provider, size, operation and unit.
    /// </summary>
    /// <param name="row">The row.</param>
    /// <returns>The new catalog; this one is unchanged.</returns>
    /// <exception cref="ArgumentException">The row's lane and provider disagree.</exception>
    public PricingCatalog WithRow(PriceRow row) => WithRows([row]);

    /// <summary>Returns a new catalog with every row added (later rows replace earlier ones with the same key).</summary>
    /// <param name="rows">The rows.</param>
    /// <returns>The new catalog; this one is unchanged.</returns>
    /// <exception cref="ArgumentException">A row's lane and provider disagree.</exception>
    public PricingCatalog WithRows(IEnumerable<PriceRow> rows)
    {
        ArgumentNullException.ThrowIfNull(rows);
        var google = Google;
        var providers = new Dictionary<string, PriceTable>(_providers, StringComparer.OrdinalIgnoreCase);
        foreach (var row in rows)
        {
            ArgumentNullException.ThrowIfNull(row, nameof(rows));
            row.EnsureConsistent(nameof(rows));
            if (row.Provider is null)
            {
                google = google.WithRow(row);
            }
            else
            {
                var table = providers.GetValueOrDefault(row.Provider) ?? PriceTable.EmptyProvider(row.Provider);
                providers[row.Provider] = table.WithRow(row);
            }
        }

        return new PricingCatalog(google, providers, MaxPriceAge, new(_failedCallRules, StringComparer.OrdinalIgnoreCase));
    }

    /// <summary>Returns a new catalog that marks rows older than <paramref name="maxPriceAge"/> as stale.</summary>
    /// <param name="maxPriceAge">The maximum age (whole days count), or <see langword="null"/> to never mark rows stale.</param>
    /// <returns>The new catalog; this one is unchanged.</returns>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="maxPriceAge"/> is negative.</exception>
    public PricingCatalog WithMaxPriceAge(TimeSpan? maxPriceAge)
    {
        if (maxPriceAge is { } age)
        {
            ArgumentOutOfRangeException.ThrowIfLessThan(age, TimeSpan.Zero, nameof(maxPriceAge));
        }

        return new PricingCatalog(
            Google,
            new(_providers, StringComparer.OrdinalIgnoreCase),
            maxPriceAge,
            new(_failedCallRules, StringComparer.OrdinalIgnoreCase));
    }

    /// <summary>Returns a new catalog with the failed-call rule of <paramref name="provider"/> set.</summary>
    /// <param name="provider">The provider name, e.g. <c>laozhang.ai</c>.</param>
    /// <param name="rule">Its rule.</param>
    /// <returns>The new catalog; this one is unchanged.</returns>
    /// <exception cref="ArgumentException"><paramref name="provider"/> is empty.</exception>
    public PricingCatalog WithFailedCallRule(string provider, FailedCallRule rule)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(provider);
        ArgumentNullException.ThrowIfNull(rule);
        var rules = new Dictionary<string, FailedCallRule>(_failedCallRules, StringComparer.OrdinalIgnoreCase) { [provider.Trim()] = rule };
        return new PricingCatalog(Google, new(_providers, StringComparer.OrdinalIgnoreCase), MaxPriceAge, rules);
    }

    /// <summary>
    /// The failed-call rule that applies on a lane: <see cref="FailedCallRule.Google"/> on Google lanes; on the
    /// provider lane the provider's configured rule, else <see cref="FailedCallRule.UnprovenProvider"/>.
    /// </summary>
    /// <param name="lane">The lane.</param>
    /// <param name="provider">The provider name on <see cref="PriceLane.Provider"/>.</param>
    /// <returns>The rule.</returns>
    public FailedCallRule GetFailedCallRule(PriceLane lane, string? provider) =>
        lane != PriceLane.Provider ? FailedCallRule.Google
        : provider is not null && _failedCallRules.TryGetValue(provider.Trim(), out var rule) ? rule
        : FailedCallRule.UnprovenProvider;

    /// <summary>
    /// Looks a price up. Google lanes search only the Google table; the provider lane only that provider's table.
    /// The most specific row wins (exact size, then exact operation). A miss is <see cref="PriceStatus.Missing"/>
    /// with a message saying which row to add — never a zero price.
    /// </summary>
    /// <param name="query">What to price.</param>
    /// <param name="now">The current time, for staleness.</param>
    /// <returns>The lookup.</returns>
    /// <exception cref="ArgumentException">The query has no model id, a provider lane without a provider, or a Google lane with one.</exception>
    public PriceLookup Lookup(PriceQuery query, DateTimeOffset now)
    {
        ArgumentNullException.ThrowIfNull(query);
        ArgumentException.ThrowIfNullOrWhiteSpace(query.ModelId, nameof(query));
        EnsureLaneAndProvider(query.Lane, query.Provider, nameof(query));

        var what = string.Create(
            CultureInfo.InvariantCulture,
            $"model '{query.ModelId}' at {query.Size} ({query.Operation.ToString().ToLowerInvariant()}, {PriceRow.UnitText(query.Unit)})");
        var table = query.Lane == PriceLane.Provider ? _providers.GetValueOrDefault(query.Provider!.Trim()) : Google;
        if (table is null)
        {
            return new PriceLookup
            {
                Status = PriceStatus.Missing,
                Query = query,
                Message = $"No price table for provider '{query.Provider}' ({what}): add rows with Lane=Provider and Provider='{query.Provider}' ({ConfigurationHint}). "
                    + $"Providers with prices: {(_providers.Count == 0 ? "none" : string.Join(", ", _providers.Keys))}.",
            };
        }

        var laneName = PriceRow.DescribeLane(query.Lane, table.Provider);
        var row = table.Find(query.ModelId, query.Lane, query.Size, query.Operation, query.Unit);
        int? derivedTokens = null;
        if (row is null && query.Unit == PriceUnit.PerImage && table.IsGoogle
            && (query.ImageTokens ?? ModelCatalog.Default.Find(query.ModelId)?.TokensFor(query.Size)) is { } tokens
            && table.Find(query.ModelId, query.Lane, query.Size, query.Operation, PriceUnit.PerMillionOutputImageTokens) is { } tokenRow)
        {
            // Google prices images as tokens: one $/1M row covers every size.
            row = tokenRow;
            derivedTokens = tokens;
        }

        if (row is null)
        {
            var unknown = table.HasModel(query.ModelId) ? string.Empty : $" The {table.Owner} table has no rows for this model at all.";
            return new PriceLookup
            {
                Status = PriceStatus.Missing,
                Query = query,
                Message = $"No {laneName} price for {what}: add a row ({ConfigurationHint}).{unknown}",
            };
        }

        var ageDays = DateOnly.FromDateTime(now.UtcDateTime).DayNumber - row.CheckedOn.DayNumber;
        var price = derivedTokens is { } derived
            ? string.Create(CultureInfo.InvariantCulture, $"${derived * row.UnitPriceUsd / 1_000_000m:0.######} per image = {derived:N0} output image tokens × {PriceRow.FormatPrice(row.UnitPriceUsd, row.Unit)}")
            : PriceRow.FormatPrice(row.UnitPriceUsd, row.Unit);
        var found = $"{laneName} price for {what}: {price} (source: {row.Source}; checked {row.CheckedOn.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture)})";
        if (MaxPriceAge is { } max && TimeSpan.FromDays(ageDays) > max)
        {
            return new PriceLookup
            {
                Status = PriceStatus.Stale,
                Row = row,
                DerivedFromTokens = derivedTokens,
                Query = query,
                Message = string.Create(
                    CultureInfo.InvariantCulture,
                    $"{found}; row checked {row.CheckedOn:yyyy-MM-dd} is {ageDays} days old (max {max.TotalDays:0.##}): check the source and update the row ({ConfigurationHint})."),
            };
        }

        return new PriceLookup { Status = PriceStatus.Found, Row = row, DerivedFromTokens = derivedTokens, Query = query, Message = found + "." };
    }

    internal static void EnsureLaneAndProvider(PriceLane lane, string? provider, string parameterName)
    {
        if (!Enum.IsDefined(lane))
        {
            throw new ArgumentException($"Lane {lane} is not defined. Allowed values: {string.Join(", ", Enum.GetNames<PriceLane>())}.", parameterName);
        }

        if (lane == PriceLane.Provider && string.IsNullOrWhiteSpace(provider))
        {
            throw new ArgumentException("The Provider lane needs a provider name (e.g. 'laozhang.ai'): provider prices live in per-provider tables.", parameterName);
        }

        if (lane != PriceLane.Provider && provider is not null)
        {
            throw new ArgumentException(
                $"Lane {lane} is a Google lane but provider '{provider}' was given: a provider call is priced on Lane = Provider, never as a Google price.",
                parameterName);
        }
    }
}
