using System.Globalization;
using Hl7.Fhir.Model;

namespace FhirChain.Interop.Mapping;

/// <summary>
/// HL7 DTM/TS (YYYY[MM[DD[HH[MM[SS[.S+]]]]]][+/-ZZZZ]) to FHIR date, dateTime and instant,
/// keeping the precision that was sent. A time without offset gets the default zone's offset.
/// </summary>
internal static class TsConverter
{
    private sealed record Parts(string Date, string? Time, TimeSpan? Offset, int Year, int Month, int Day, int Hour, int Minute, int Second, string Fraction);

    public static Date? ToDate(string ts)
    {
        var parts = Parse(ts);
        return parts is null ? null : new Date(parts.Date);
    }

    public static FhirDateTime? ToDateTime(string ts, TimeZoneInfo defaultZone)
    {
        var parts = Parse(ts);
        if (parts is null)
        {
            return null;
        }

        if (parts.Time is null)
        {
            return new FhirDateTime(parts.Date);
        }

        var offset = parts.Offset ?? OffsetIn(parts, defaultZone);
        return new FhirDateTime(parts.Date + "T" + parts.Time + FormatOffset(offset));
    }

    public static DateTimeOffset? ToInstant(string ts, TimeZoneInfo defaultZone)
    {
        var parts = Parse(ts);
        if (parts is null)
        {
            return null;
        }

        var offset = parts.Offset ?? OffsetIn(parts, defaultZone);
        var ticks = parts.Fraction.Length == 0 ? 0 : (long)(double.Parse("0." + parts.Fraction, CultureInfo.InvariantCulture) * TimeSpan.TicksPerSecond);
        return new DateTimeOffset(parts.Year, parts.Month, parts.Day, parts.Hour, parts.Minute, parts.Second, offset).AddTicks(ticks);
    }

    private static TimeSpan OffsetIn(Parts parts, TimeZoneInfo zone) =>
        zone.GetUtcOffset(new DateTime(parts.Year, parts.Month, parts.Day, parts.Hour, parts.Minute, parts.Second, DateTimeKind.Unspecified));

    private static string FormatOffset(TimeSpan offset) =>
        (offset < TimeSpan.Zero ? "-" : "+") + offset.Duration().ToString("hh\\:mm", CultureInfo.InvariantCulture);

    private static Parts? Parse(string ts)
    {
        ts = ts.Trim();
        TimeSpan? offset = null;
        var sign = ts.IndexOfAny(['+', '-']);
        if (sign >= 0)
        {
            var zone = ts[(sign + 1)..];
            if (zone.Length != 4 || !zone.All(char.IsAsciiDigit))
            {
                return null;
            }

            var hours = int.Parse(zone[..2], CultureInfo.InvariantCulture);
            var minutes = int.Parse(zone[2..], CultureInfo.InvariantCulture);
            if (hours > 14 || minutes > 59)
            {
                return null;
            }

            offset = new TimeSpan(hours, minutes, 0) * (ts[sign] == '-' ? -1 : 1);
            ts = ts[..sign];
        }

        var fraction = string.Empty;
        var dot = ts.IndexOf('.', StringComparison.Ordinal);
        if (dot >= 0)
        {
            fraction = ts[(dot + 1)..];
            ts = ts[..dot];
            if (fraction.Length is 0 or > 4 || !fraction.All(char.IsAsciiDigit) || ts.Length != 14)
            {
                return null;
            }
        }

        if (ts.Length is not (4 or 6 or 8 or 10 or 12 or 14) || !ts.All(char.IsAsciiDigit))
        {
            return null;
        }

        int Number(int start) => start + 2 <= ts.Length ? int.Parse(ts.AsSpan(start, 2), CultureInfo.InvariantCulture) : 0;
        var year = int.Parse(ts.AsSpan(0, 4), CultureInfo.InvariantCulture);
        var month = ts.Length >= 6 ? Number(4) : 1;
        var day = ts.Length >= 8 ? Number(6) : 1;
        var hour = Number(8);
        var minute = Number(10);
        var second = Number(12);
        if (year < 1 || month is < 1 or > 12 || day < 1 || day > DateTime.DaysInMonth(year, month) || hour > 23 || minute > 59 || second > 59)
        {
            return null;
        }

        var date = ts.Length switch
        {
            4 => ts,
            6 => $"{ts[..4]}-{ts[4..6]}",
            _ => $"{ts[..4]}-{ts[4..6]}-{ts[6..8]}",
        };
        string? time = ts.Length >= 10
            ? $"{ts[8..10]}:{(ts.Length >= 12 ? ts[10..12] : "00")}:{(ts.Length >= 14 ? ts[12..14] : "00")}" + (fraction.Length > 0 ? "." + fraction : string.Empty)
            : null;
        return new Parts(date, time, offset, year, month, day, hour, minute, second, fraction);
    }
}
