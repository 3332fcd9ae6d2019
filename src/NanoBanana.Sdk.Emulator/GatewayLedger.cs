namespace NanoBanana.Sdk.Emulator;

/// <summary>One gateway call as the provider's billing log would show it.</summary>
public sealed record GatewayLedgerEntry
{
    /// <summary>The id sent in the answer's <c>x-request-id</c> header.</summary>
    public string RequestId { get; init; } = string.Empty;

    /// <summary>The provider's name.</summary>
    public string Provider { get; init; } = string.Empty;

    /// <summary>The path after the gateway base, e.g. <c>v1/chat/completions</c>.</summary>
    public string Endpoint { get; init; } = string.Empty;

    /// <summary>The model name as sent, or <see langword="null"/> when the request named none.</summary>
    public string? RequestedModel { get; init; }

    /// <summary>The Google model id it maps to, or <see langword="null"/> when unknown.</summary>
    public string? ModelId { get; init; }

    /// <summary>The model name answered, or <see langword="null"/> when no answer named one.</summary>
    public string? ReturnedModel { get; init; }

    /// <summary>The HTTP status (0 when the client went away before an answer).</summary>
    public int Status { get; init; }

    /// <summary>How the call ended.</summary>
    public GatewayCallOutcome Outcome { get; init; }

    /// <summary>Images returned.</summary>
    public int Images { get; init; }

    /// <summary>Whether the provider's rule charges this call.</summary>
    public bool Billed { get; init; }

    /// <summary>The charge in USD (0 when not billed; a call with no image is charged once).</summary>
    public decimal Amount { get; init; }

    /// <summary>When the request arrived, on the emulator's clock.</summary>
    public DateTimeOffset Timestamp { get; init; }
}

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
