using System.Globalization;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;
using NanoBanana.Sdk.Quota;
using StackExchange.Redis;

namespace NanoBanana.Sdk;

/// <summary>
/// The <see cref="IBudgetLedger"/> shared by every instance through Redis: one Lua script reserves a charge on all its
/// scopes or on none, atomically. A day's scopes share one hash slot (<c>{prefix:budget:day}</c>) and expire three
/// days after their last change. Amounts are kept in nano-dollars (exact to $0.000000001). When Redis fails or is
/// slower than <see cref="NanoBananaQuotaOptions.Timeout"/>, <see cref="NanoBananaQuotaOptions.FailureMode"/> applies:
/// <c>Open</c> accepts the reservation and logs a warning, <c>Closed</c> refuses it with
/// <see cref="BudgetReservation.RefusedScope"/> <see cref="UnavailableScope"/>.
/// </summary>
public sealed partial class RedisBudgetLedger : IBudgetLedger
{
    /// <summary>The <see cref="BudgetReservation.RefusedScope"/> of a reservation refused because Redis did not answer (failure mode Closed).</summary>
    public const string UnavailableScope = "ledger-unavailable";

    // KEYS: the scopes. ARGV: 1 amount, 2 ttl ms, 2+i the limit of scope i ('' when only counted). Returns {1} or {0, i, spent}.
    private const string ReserveScript = """
        local amount = tonumber(ARGV[1])
        for i = 1, #KEYS do
          local limit = ARGV[2 + i]
          if limit ~= '' then
            local spent = tonumber(redis.call('GET', KEYS[i]) or '0')
            if spent + amount > tonumber(limit) then return {0, i, string.format('%.0f', spent)} end
          end
        end
        for i = 1, #KEYS do
          redis.call('INCRBY', KEYS[i], ARGV[1])
          redis.call('PEXPIRE', KEYS[i], ARGV[2])
        end
        return {1}
        """;

    // KEYS: the scopes. ARGV: 1 the change. A scope that expired (or was never reserved, in failure mode Open) is left alone.
    private const string SettleScript = """
        for i = 1, #KEYS do
          if redis.call('EXISTS', KEYS[i]) == 1 then redis.call('INCRBY', KEYS[i], ARGV[1]) end
        end
        return 1
        """;

    private const decimal Nano = 1_000_000_000m;
    private static readonly long TimeToLiveMs = (long)TimeSpan.FromDays(3).TotalMilliseconds;
    private readonly IConnectionMultiplexer _redis;
    private readonly NanoBananaQuotaOptions _options;
    private readonly ILogger _logger;
    private readonly string _prefix;

    /// <summary>Creates the ledger on a Redis connection (left open when the ledger is dropped).</summary>
    /// <param name="redis">The connection.</param>
    /// <param name="options">The key prefix, timeout and failure mode (<c>NanoBanana:Quota</c>).</param>
    /// <param name="logger">Receives the failure-mode warnings.</param>
    public RedisBudgetLedger(IConnectionMultiplexer redis, NanoBananaQuotaOptions options, ILogger? logger = null)
    {
        ArgumentNullException.ThrowIfNull(redis);
        ArgumentNullException.ThrowIfNull(options);
        _redis = redis;
        _options = options;
        _logger = logger ?? NullLogger.Instance;
        _prefix = RedisQuotaStore.Sanitize(options.KeyPrefix);
    }

    /// <inheritdoc />
    public async ValueTask<BudgetReservation> TryReserveAsync(BudgetCharge charge, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(charge);
        cancellationToken.ThrowIfCancellationRequested();
        if (charge.Limits.Count == 0)
        {
            return new BudgetReservation { Accepted = true, Charge = charge };
        }

        var keys = new RedisKey[charge.Limits.Count];
        var values = new RedisValue[charge.Limits.Count + 2];
        values[0] = ToNano(charge.AmountUsd);
        values[1] = TimeToLiveMs;
        for (var i = 0; i < keys.Length; i++)
        {
            var limit = charge.Limits[i];
            keys[i] = KeyOf(limit.Scope, charge.Day);
            values[i + 2] = limit.LimitUsd is { } max ? ToNano(max) : RedisValue.EmptyString;
        }

        RedisResult[] result;
        try
        {
            result = (RedisResult[])(await _redis.GetDatabase().ScriptEvaluateAsync(ReserveScript, keys, values)
                .WaitAsync(_options.Timeout, cancellationToken).ConfigureAwait(false))!;
        }
        catch (Exception ex) when (RedisQuotaStore.IsStoreFailure(ex) && !cancellationToken.IsCancellationRequested)
        {
            LedgerFailed(_logger, "reserve", _options.Timeout.TotalMilliseconds, _options.FailureMode, ex.GetType().Name);
            return _options.FailureMode == QuotaFailureMode.Open
                ? new BudgetReservation { Accepted = true, Charge = charge }
                : new BudgetReservation { Accepted = false, Charge = charge, RefusedScope = UnavailableScope };
        }

        if ((long)result[0] == 1)
        {
            return new BudgetReservation { Accepted = true, Charge = charge };
        }

        var refused = charge.Limits[(int)(long)result[1] - 1];
        return new BudgetReservation
        {
            Accepted = false,
            Charge = charge,
            RefusedScope = refused.Scope,
            LimitUsd = refused.LimitUsd,
            SpentUsd = FromNano((string)result[2]!),
        };
    }

    /// <inheritdoc />
    public async ValueTask SettleAsync(BudgetReservation reservation, decimal actualUsd, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(reservation);
        if (!reservation.Accepted)
        {
            throw new ArgumentException("Only an accepted reservation can be settled.", nameof(reservation));
        }

        var charge = reservation.Charge;
        var delta = ToNano(actualUsd) - ToNano(charge.AmountUsd);
        if (delta == 0 || charge.Limits.Count == 0)
        {
            return;
        }

        var keys = charge.Limits.Select(l => (RedisKey)KeyOf(l.Scope, charge.Day)).ToArray();
        try
        {
            await _redis.GetDatabase().ScriptEvaluateAsync(SettleScript, keys, [delta])
                .WaitAsync(_options.Timeout, cancellationToken).ConfigureAwait(false);
        }
        catch (Exception ex) when (RedisQuotaStore.IsStoreFailure(ex) && !cancellationToken.IsCancellationRequested)
        {
            // A settlement cannot be refused: the reservation stays counted at its estimate, the safe side.
            LedgerFailed(_logger, "settle", _options.Timeout.TotalMilliseconds, _options.FailureMode, ex.GetType().Name);
        }
    }

    /// <inheritdoc />
    /// <exception cref="TimeoutException">Redis did not answer within <see cref="NanoBananaQuotaOptions.Timeout"/>.</exception>
    public async ValueTask<decimal> GetSpentAsync(string scope, DateOnly day, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(scope);
        var value = await _redis.GetDatabase().StringGetAsync(KeyOf(scope, day)).WaitAsync(_options.Timeout, cancellationToken).ConfigureAwait(false);
        return value.IsNull ? 0m : FromNano((string)value!);
    }

    /// <summary>The key of a scope on a day; a day's scopes share one hash slot.</summary>
    internal string KeyOf(string scope, DateOnly day) =>
        $"{_prefix}:{{budget:{day.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture)}}}:{RedisQuotaStore.Sanitize(scope)}";

    private static long ToNano(decimal usd) => (long)decimal.Round(usd * Nano, MidpointRounding.AwayFromZero);

    private static decimal FromNano(string value) => long.Parse(value, NumberStyles.Integer, CultureInfo.InvariantCulture) / Nano;

    [LoggerMessage(EventId = 124, Level = LogLevel.Warning,
        Message = "The shared budget ledger (Redis) failed to {Operation} or did not answer within {TimeoutMs} ms ({ExceptionType}); NanoBanana:Quota:FailureMode is {FailureMode}: Open accepts the spend unshared, Closed refuses it.")]
    private static partial void LedgerFailed(ILogger logger, string operation, double timeoutMs, QuotaFailureMode failureMode, string exceptionType);
}
