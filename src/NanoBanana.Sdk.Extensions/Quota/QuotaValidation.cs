using System.Globalization;
using StackExchange.Redis;

namespace NanoBanana.Sdk.Quota;

/// <summary>Start-up checks of <c>NanoBanana:Quota</c>, each naming its configuration path and the valid values.</summary>
internal static class QuotaValidation
{
    public static void Validate(NanoBananaQuotaOptions quota, List<string> failures)
    {
        const string Path = "NanoBanana:Quota:";
        if (quota.Redis is { } redis)
        {
            if (string.IsNullOrWhiteSpace(redis))
            {
                failures.Add($"{Path}Redis is blank: give a StackExchange.Redis connection string such as redis.internal:6379, or remove the setting for the in-process limiter.");
            }
            else
            {
                try
                {
                    _ = ConfigurationOptions.Parse(redis);
                }
                catch (ArgumentException ex)
                {
                    // The message names the bad option, never the password.
                    failures.Add($"{Path}Redis is not a valid StackExchange.Redis connection string ({FirstSentence(ex.Message)}). Expected host:port[,option=value...], e.g. redis.internal:6379,ssl=true.");
                }
            }
        }

        if (!Enum.IsDefined(quota.FailureMode))
        {
            failures.Add($"{Path}FailureMode '{quota.FailureMode}' is not valid. Allowed values: Open, Closed.");
        }

        if (quota.Timeout < TimeSpan.FromMilliseconds(1) || quota.Timeout > TimeSpan.FromSeconds(30))
        {
            failures.Add($"{Path}Timeout '{quota.Timeout}' must be between 1 ms and 30 s (default 00:00:00.250): a quota check must never hold a call for long.");
        }

        if (quota.MaxWait < TimeSpan.Zero || quota.MaxWait > TimeSpan.FromMinutes(10))
        {
            failures.Add($"{Path}MaxWait '{quota.MaxWait}' must be between 00:00:00 (refuse at once) and 00:10:00 (default 00:00:30).");
        }

        if (string.IsNullOrWhiteSpace(quota.KeyPrefix) || quota.KeyPrefix.IndexOfAny(['{', '}', ' ']) >= 0)
        {
            failures.Add($"{Path}KeyPrefix '{quota.KeyPrefix}' must be a non-blank prefix without braces or spaces (default nanobanana).");
        }

        Limits(Path, quota, failures);
        foreach (var (model, limits) in quota.Models)
        {
            Limits($"{Path}Models:{model}:", limits, failures);
        }
    }

    private static void Limits(string path, NanoBananaQuotaLimits limits, List<string> failures)
    {
        Positive(path + "RequestsPerMinute", limits.RequestsPerMinute, failures);
        Positive(path + "ImagesPerMinute", limits.ImagesPerMinute, failures);
        Positive(path + "TokensPerMinute", limits.TokensPerMinute, failures);
        Positive(path + "RequestsPerDay", limits.RequestsPerDay, failures);
    }

    private static void Positive(string path, int? value, List<string> failures)
    {
        if (value is < 1)
        {
            failures.Add($"{path} {value.Value.ToString(CultureInfo.InvariantCulture)} must be a whole number of at least 1; remove the setting for no limit.");
        }
    }

    private static string FirstSentence(string message)
    {
        var end = message.IndexOf('.', StringComparison.Ordinal);
        return (end > 0 ? message[..end] : message).Trim();
    }
}
