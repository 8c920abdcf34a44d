using System.Globalization;
using System.Text.RegularExpressions;
using FhirChain.Interop.Er7;
using Hl7.Fhir.Model;

namespace FhirChain.Interop.Mapping;

/// <summary>
/// OBX-5 by OBX-2 value type: NM to Quantity, SN to Quantity with comparator, Range or Ratio,
/// ST/TX/FT to string, CE/CWE/CNE to CodeableConcept, DT/TS/DTM to dateTime, TM to time.
/// Returns false when the value does not match its declared type.
/// </summary>
internal static partial class ObxValueConverter
{
    public static bool TryConvert(MappingContext context, Hl7Segment obx, out DataType? value)
    {
        value = null;
        var field = obx.Field(5);
        if (field.IsEmpty)
        {
            return true;
        }

        var first = field.Repetition(1);
        switch (obx.Value(2).Trim().ToUpperInvariant())
        {
            case "NM":
                if (!TryDecimal(first.Value, out var number))
                {
                    return false;
                }

                value = Quantity(number, obx);
                return true;
            case "SN":
                value = StructuredNumeric(first, obx);
                return value is not null;
            case "CE" or "CWE" or "CNE" or "CF":
                value = CweConverter.ToCodeableConcept(first);
                return value is not null;
            case "DT" or "TS" or "DTM":
                value = context.DateTime(first.Value);
                return value is not null;
            case "TM":
                var tm = first.Value.Trim();
                if (tm.Length < 4 || !tm[..4].All(char.IsAsciiDigit))
                {
                    return false;
                }

                value = new Time($"{tm[..2]}:{tm[2..4]}:{(tm.Length >= 6 ? tm[4..6] : "00")}");
                return true;
            default:
                var text = string.Join('\n', field.Repetitions.Select(r => Er7Escaping.Unescape(r.Raw, obx.Delimiters)));
                value = text.Trim().Length == 0 ? null : new FhirString(text);
                return true;
        }
    }

    /// <summary>Units from OBX-6: a UCUM system and code when they are, or look like, UCUM.</summary>
    public static Quantity Quantity(decimal number, Hl7Segment obx)
    {
        var quantity = new Quantity { Value = number };
        var units = obx.Field(6).Repetition(1);
        var code = units.Component(1).Value.Trim();
        var text = units.Component(2).Value.Trim();
        var system = units.Component(3).Value.Trim().ToUpperInvariant();
        if (code.Length == 0)
        {
            return quantity;
        }

        quantity.Unit = text.Length > 0 ? text : code;
        if (system is "UCUM" || (system.Length == 0 && LooksLikeUcum().IsMatch(code)))
        {
            quantity.System = CodeSystems.Ucum;
            quantity.Code = code;
        }

        return quantity;
    }

    public static bool TryDecimal(string text, out decimal number) =>
        decimal.TryParse(text.Trim(), NumberStyles.AllowLeadingSign | NumberStyles.AllowDecimalPoint, CultureInfo.InvariantCulture, out number);

    private static DataType? StructuredNumeric(Hl7Repetition sn, Hl7Segment obx)
    {
        var comparator = sn.Component(1).Value.Trim();
        var first = sn.Component(2).Value.Trim();
        var separator = sn.Component(3).Value.Trim();
        var second = sn.Component(4).Value.Trim();

        // Senders often write "<0.10" in one component.
        if (comparator.Length > 0 && first.Length == 0 && separator.Length == 0)
        {
            var split = comparator.Length > 1 && comparator[1] is '=' or '>' ? 2 : 1;
            if (comparator[0] is '<' or '>' or '=')
            {
                (comparator, first) = (comparator[..split], comparator[split..].Trim());
            }
        }

        if (!TryDecimal(first, out var number))
        {
            return null;
        }

        if (separator.Length == 0 && second.Length == 0)
        {
            var quantity = Quantity(number, obx);
            switch (comparator)
            {
                case "" or "=": break;
                case "<": quantity.Comparator = Hl7.Fhir.Model.Quantity.QuantityComparator.LessThan; break;
                case "<=": quantity.Comparator = Hl7.Fhir.Model.Quantity.QuantityComparator.LessOrEqual; break;
                case ">": quantity.Comparator = Hl7.Fhir.Model.Quantity.QuantityComparator.GreaterThan; break;
                case ">=": quantity.Comparator = Hl7.Fhir.Model.Quantity.QuantityComparator.GreaterOrEqual; break;
                default: return new FhirString(comparator + first);
            }

            return quantity;
        }

        if (separator == "+" && second.Length == 0)
        {
            return new FhirString(first + "+");
        }

        if (!TryDecimal(second, out var other) || comparator is not ("" or "="))
        {
            return null;
        }

        return separator switch
        {
            "-" => new Hl7.Fhir.Model.Range { Low = Quantity(number, obx), High = Quantity(other, obx) },
            ":" or "/" => new Ratio(new Quantity { Value = number }, new Quantity { Value = other }),
            _ => null,
        };
    }

    [GeneratedRegex(@"^(\[[^\]\s]+\]|[A-Za-z%][A-Za-z0-9%\.\*/\^\-\[\]{}']*|10\*[0-9\-]+(/[A-Za-z0-9\[\]]+)?|/[A-Za-z\[\]]+|1)$")]
    private static partial Regex LooksLikeUcum();
}
