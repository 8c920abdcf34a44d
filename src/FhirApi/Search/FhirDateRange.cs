using System.Globalization;

namespace FhirChain.FhirApi.Search;

/// <summary>
/// The instant range a FHIR date, dateTime or instant stands for, at its precision: <c>2024</c> is
/// the whole year, <c>2024-03-05</c> the whole day (UTC when no zone is given), both ends inclusive,
/// in Unix milliseconds.
/// </summary>
internal static class FhirDateRange
{
    public const long Min = -62135596800000; // 0001-01-01
    public const long Max = 253402300799999; // 9999-12-31T23:59:59.999

    public static bool TryParse(string? text, out long start, out long end)
    {
        start = Min;
        end = Max;
        if (string.IsNullOrWhiteSpace(text))
        {
            return false;
        }

        text = text.Trim();
        try
        {
            switch (text.Length)
            {
                case 4 when int.TryParse(text, NumberStyles.None, CultureInfo.InvariantCulture, out var year):
                    {
                        var from = new DateTimeOffset(year, 1, 1, 0, 0, 0, TimeSpan.Zero);
                        start = from.ToUnixTimeMilliseconds();
                        end = from.AddYears(1).ToUnixTimeMilliseconds() - 1;
                        return true;
                    }

                case 7 when DateTimeOffset.TryParseExact(text, "yyyy-MM", CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal, out var month):
                    start = month.ToUnixTimeMilliseconds();
                    end = month.AddMonths(1).ToUnixTimeMilliseconds() - 1;
                    return true;
                case 10 when DateTimeOffset.TryParseExact(text, "yyyy-MM-dd", CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal, out var day):
                    start = day.ToUnixTimeMilliseconds();
                    end = day.AddDays(1).ToUnixTimeMilliseconds() - 1;
                    return true;
            }

            if (DateTimeOffset.TryParse(text, CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal, out var instant))
            {
                // Precision: seconds unless a fraction is written; minutes when seconds are absent.
                var timePart = text.Length > 10 ? text[11..] : string.Empty;
                var hasSeconds = timePart.Length >= 8 && timePart[5] == ':';
                var hasFraction = timePart.Length > 8 && timePart[8] == '.';
                start = instant.ToUnixTimeMilliseconds();
                end = hasFraction ? start : start + (hasSeconds ? 999 : 59_999);
                return true;
            }
        }
        catch (ArgumentOutOfRangeException)
        {
            return false;
        }

        return false;
    }
}
