namespace NanoBanana.Sdk.Emulator;

/// <summary>One gateway call as the provider's billing log would show it.</summary>
/// <param name="RequestId">The id sent in the answer's <c>x-request-id</c> header.</param>
/// <param name="Provider">The provider's name.</param>
/// <param name="Endpoint">The path after the gateway base, e.g. <c>v1/chat/completions</c>.</param>
/// <param name="RequestedModel">The model name as sent, or <see langword="null"/> when the request named none.</param>
/// <param name="ModelId">The Google model id it maps to, or <see langword="null"/> when unknown.</param>
/// <param name="ReturnedModel">The model name answered, or <see langword="null"/> when no answer named one.</param>
/// <param name="Status">The HTTP status (0 when the client went away before an answer).</param>
/// <param name="Outcome">How the call ended.</param>
/// <param name="Images">Images returned.</param>
/// <param name="Billed">Whether the provider's rule charges this call.</param>
/// <param name="Amount">The charge in USD (0 when not billed; a call with no image is charged once).</param>
/// <param name="Timestamp">When the request arrived, on the emulator's clock.</param>
public sealed record GatewayLedgerEntry(
    string RequestId,
    string Provider,
    string Endpoint,
    string? RequestedModel,
    string? ModelId,
    string? ReturnedModel,
    int Status,
    GatewayCallOutcome Outcome,
    int Images,
    bool Billed,
    decimal Amount,
    DateTimeOffset Timestamp);

/// <summary>The billing ledger of the emulated gateways: one entry per gateway call, oldest first. Thread-safe.</summary>
public sealed class GatewayLedger
{
    private readonly Lock _gate = new();
    private readonly List<GatewayLedgerEntry> _entries = [];

    /// <summary>A snapshot of the entries, oldest first.</summary>
    public IReadOnlyList<GatewayLedgerEntry> Entries
    {
        get
        {
            lock (_gate)
            {
                return [.. _entries];
            }
        }
    }

    /// <summary>The sum of every billed amount, in USD.</summary>
    public decimal TotalBilled
    {
        get
        {
            lock (_gate)
            {
                return _entries.Sum(e => e.Amount);
            }
        }
    }

    /// <summary>Forgets every entry.</summary>
    public void Clear()
    {
        lock (_gate)
        {
            _entries.Clear();
        }
    }

    internal void Add(GatewayLedgerEntry entry)
    {
        lock (_gate)
        {
            _entries.Add(entry);
        }
    }
}
