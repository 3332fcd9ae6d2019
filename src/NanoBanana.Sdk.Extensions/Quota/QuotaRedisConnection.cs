using StackExchange.Redis;

namespace NanoBanana.Sdk.Quota;

/// <summary>
/// The Redis connection of <c>NanoBanana:Quota:Redis</c>, shared by the limiter and the budget ledger and disposed
/// with the container. Connects without failing when Redis is down (it keeps reconnecting), fails commands fast while
/// disconnected instead of queueing them, and times out after <see cref="NanoBananaQuotaOptions.Timeout"/>.
/// </summary>
internal sealed class QuotaRedisConnection : IDisposable
{
    private readonly Lazy<ConnectionMultiplexer> _multiplexer;

    public QuotaRedisConnection(NanoBananaQuotaOptions options)
    {
        var configuration = Configure(options);
        _multiplexer = new Lazy<ConnectionMultiplexer>(() => ConnectionMultiplexer.Connect(configuration));
    }

    public IConnectionMultiplexer Multiplexer => _multiplexer.Value;

    /// <summary>The connection settings: the configured string with the quota's short timeouts and fail-fast behaviour.</summary>
    internal static ConfigurationOptions Configure(NanoBananaQuotaOptions options)
    {
        var configuration = ConfigurationOptions.Parse(options.Redis!);
        var timeout = (int)Math.Clamp(options.Timeout.TotalMilliseconds, 1, int.MaxValue);
        configuration.AbortOnConnectFail = false;
        configuration.ConnectTimeout = Math.Max(timeout, 1000);
        configuration.SyncTimeout = timeout;
        configuration.AsyncTimeout = timeout;
        configuration.BacklogPolicy = BacklogPolicy.FailFast;
        configuration.ConnectRetry = 1;
        configuration.ReconnectRetryPolicy ??= new LinearRetry(500);
        configuration.ClientName ??= "NanoBanana.Sdk";
        return configuration;
    }

    public void Dispose()
    {
        if (_multiplexer.IsValueCreated)
        {
            _multiplexer.Value.Dispose();
        }
    }
}
