
namespace NanoBanana.Sdk.Pricing;

/// <summary>
/// The price rows of ONE owner: Google (its Standard, Priority, Batch and Flex lanes) or one named provider.
/// Google rows and provider rows never share a table, so a provider price can never be read as a Google
/// price or discount. Immutable and thread-safe; <see cref="WithRow"/> returns a new table.
/// </summary>
public sealed class PriceTable
{
    private PriceTable(string? provider, IReadOnlyList<PriceRow> rows)
    {
        Provider = provider;
        Rows = rows;
    }

    /// <summary>An empty Google table.</summary>
    public static PriceTable EmptyGoogle { get; } = new(null, []);

    /// <summary>The provider that owns this table, or <see langword="null"/> for the Google table.</summary>
    public string? Provider { get; }

    /// <summary><see langword="true"/> for the Google table.</summary>
    public bool IsGoogle => Provider is null;

    /// <summary>Who owns the prices, for messages: <c>Google</c> or <c>provider laozhang.ai</c>.</summary>
    public string Owner => Provider is null ? "Google" : $"provider {Provider}";

    /// <summary>Every row, in the order added (a replaced row keeps its place).</summary>
    public IReadOnlyList<PriceRow> Rows { get; }

    /// <summary>Creates an empty table for a provider.</summary>
    /// <param name="provider">The provider name, e.g. <c>laozhang.ai</c>.</param>
    /// <returns>The empty table.</returns>
    /// <exception cref="ArgumentException"><paramref name="provider"/> is empty.</exception>
    public static PriceTable EmptyProvider(string provider)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(provider);
        return new PriceTable(provider.Trim(), []);
    }

    /// <summary>
    /// Returns a new table with <paramref name="row"/> added, replacing a row with the same model, lane,
    /// provider, size, operation and unit.
    /// </summary>
    /// <param name="row">The row; it must belong to this table's owner.</param>
    /// <returns>The new table; this one is unchanged.</returns>
    /// <exception cref="ArgumentException">
    /// The row is a provider row and this is the Google table, a Google row and this is a provider table,
    /// or a row of another provider.
    /// </exception>
    public PriceTable WithRow(PriceRow row)
    {
        ArgumentNullException.ThrowIfNull(row);
        row.EnsureConsistent(nameof(row));
        if (Provider is null && row.Provider is not null)
        {
            throw new ArgumentException(
                $"The Google price table cannot hold a row of provider '{row.Provider}' ({row.ModelId}): a provider price is never a Google price. Add it to that provider's table (PricingCatalog.WithRow does this).",
                nameof(row));
        }

        if (Provider is not null && !string.Equals(Provider, row.Provider, StringComparison.OrdinalIgnoreCase))
        {
            throw new ArgumentException(
                row.Provider is null
                    ? $"The price table of provider '{Provider}' cannot hold a {row.LaneDisplayName} row ({row.ModelId}): Google prices live in the Google table."
                    : $"The price table of provider '{Provider}' cannot hold a row of provider '{row.Provider}' ({row.ModelId}).",
                nameof(row));
        }

        var rows = Rows.ToList();
        var key = row.Key;
        var index = rows.FindIndex(r => r.Key == key);
        if (index >= 0)
        {
            rows[index] = row;
        }
        else
        {
            rows.Add(row);
        }

        return new PriceTable(Provider, rows.AsReadOnly());
    }

    /// <summary>
    /// Finds the most specific row for a model, lane, size, operation and unit: an exact size beats a row for
    /// every size, then an exact operation beats a row for both operations.
    /// </summary>
    /// <param name="modelId">The catalog model id (case-insensitive).</param>
    /// <param name="lane">The lane.</param>
    /// <param name="size">The image size.</param>
    /// <param name="operation">The operation.</param>
    /// <param name="unit">The unit.</param>
    /// <returns>The row, or <see langword="null"/> when none matches (never a zero-price stand-in).</returns>
    public PriceRow? Find(string modelId, PriceLane lane, ImageSize size, ImageOperation operation, PriceUnit unit = PriceUnit.PerImage)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(modelId);
        PriceRow? best = null;
        var bestScore = -1;
        foreach (var row in Rows)
        {
            if (row.Lane != lane || row.Unit != unit || !string.Equals(row.ModelId, modelId.Trim(), StringComparison.OrdinalIgnoreCase)
                || (row.Size is { } rowSize && rowSize != size) || (row.Operation is { } rowOperation && rowOperation != operation))
            {
                continue;
            }

            var score = (row.Size is null ? 0 : 2) + (row.Operation is null ? 0 : 1);
            if (score > bestScore)
            {
                best = row;
                bestScore = score;
            }
        }

        return best;
    }

    /// <summary>Whether any row of this table prices <paramref name="modelId"/> on any lane.</summary>
    internal bool HasModel(string modelId) =>
        Rows.Any(r => string.Equals(r.ModelId, modelId.Trim(), StringComparison.OrdinalIgnoreCase));
}
