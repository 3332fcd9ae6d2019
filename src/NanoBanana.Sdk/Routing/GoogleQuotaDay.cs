namespace NanoBanana.Sdk;

/// <summary>
/// The day Google counts per-day quota (requests per day) and the SDK counts daily budgets in: it starts at midnight
/// Pacific time (America/Los_Angeles, with US daylight-saving rules), not at midnight UTC or local time.
/// Computed from the US rules directly, so it does not depend on the machine's time-zone data.
/// </summary>
public static class GoogleQuotaDay
{
    private static readonly TimeSpan Standard = TimeSpan.FromHours(-8);
    private static readonly TimeSpan Daylight = TimeSpan.FromHours(-7);

    /// <summary>The Pacific calendar day that <paramref name="instant"/> falls on.</summary>
    /// <param name="instant">Any instant (its offset is honoured).</param>
    /// <returns>The quota day.</returns>
    public static DateOnly For(DateTimeOffset instant) => DateOnly.FromDateTime(instant.ToOffset(OffsetAt(instant)).DateTime);

    /// <summary>The next instant a new quota day starts (midnight Pacific) after <paramref name="instant"/>.</summary>
    /// <param name="instant">Any instant.</param>
    /// <returns>The next midnight Pacific, as a UTC instant.</returns>
    public static DateTimeOffset NextReset(DateTimeOffset instant)
    {
        var next = For(instant).AddDays(1).ToDateTime(TimeOnly.MinValue);
        // Midnight is never inside a US DST transition (they happen at 02:00 local), so the offset of the
        // local midnight is the offset of the rules in force on that date.
        var offset = IsDaylight(next) ? Daylight : Standard;
        return new DateTimeOffset(next, offset).ToUniversalTime();
    }

    /// <summary>Pacific time's UTC offset at <paramref name="instant"/>: −7 h during US daylight-saving time, else −8 h.</summary>
    /// <param name="instant">Any instant.</param>
    /// <returns>−07:00 or −08:00.</returns>
    public static TimeSpan OffsetAt(DateTimeOffset instant)
    {
        var utc = instant.UtcDateTime;
        var year = utc.Year;
        // DST starts the second Sunday of March at 02:00 PST (10:00 UTC) and ends the first Sunday of November at
        // 02:00 PDT (09:00 UTC).
        var start = NthSunday(year, 3, 2).AddHours(10);
        var end = NthSunday(year, 11, 1).AddHours(9);
        return utc >= start && utc < end ? Daylight : Standard;
    }

    private static bool IsDaylight(DateTime localMidnight)
    {
        var start = NthSunday(localMidnight.Year, 3, 2);
        var end = NthSunday(localMidnight.Year, 11, 1);
        return localMidnight > start && localMidnight <= end;
    }

    private static DateTime NthSunday(int year, int month, int n)
    {
        var first = new DateTime(year, month, 1, 0, 0, 0, DateTimeKind.Unspecified);
        var toSunday = ((int)DayOfWeek.Sunday - (int)first.DayOfWeek + 7) % 7;
        return first.AddDays(toSunday + (7 * (n - 1)));
    }
}
