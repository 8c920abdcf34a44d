using System.Linq.Expressions;
using System.Text.Json;
using FhirChain.FhirApi.Storage;

namespace FhirChain.FhirApi.Search;

/// <summary>
/// One column of a search's total order: a value per resource (a sort key, the id, the type), its
/// direction, and whether it may be missing. Missing values sort last in both directions; a
/// <see cref="Reversed"/> column (for paging backwards) sorts them first, so it is the exact mirror.
/// </summary>
internal abstract class SortColumn(string name, bool descending, bool nullable)
{
    /// <summary>How the column appears in the order's signature (<c>-date</c>).</summary>
    public string Name => (descending ? "-" : string.Empty) + name;

    /// <summary>The sort key, type or id the column is named after, without a direction.</summary>
    public string Key => name;

    public bool Descending => descending;

    public bool Nullable => nullable;

    /// <summary>The column's value for <paramref name="row"/>, boxed (for the page projection).</summary>
    public abstract Expression ValueOf(ParameterExpression row);

    /// <summary>Adds this column to an ordering (missing values last), or starts one.</summary>
    public abstract IOrderedQueryable<ResourceRow> Order(IQueryable<ResourceRow> rows, IOrderedQueryable<ResourceRow>? ordered);

    /// <summary>Rows whose value comes strictly after <paramref name="value"/> in this column's order; null when none can (a missing value, sorted last).</summary>
    public abstract Expression<Func<ResourceRow, bool>>? After(object? value);

    /// <summary>Rows whose value equals <paramref name="value"/> (both missing counts as equal).</summary>
    public abstract Expression<Func<ResourceRow, bool>> Same(object? value);

    /// <summary>The same values in the opposite order, missing ones included (what a page before a position walks).</summary>
    public abstract SortColumn Reversed();

    /// <summary>Reads the column's value back from a cursor; false when the JSON cannot be one.</summary>
    public abstract bool TryRead(JsonElement element, out object? value);

    public static JsonElement Write(object? value) => JsonSerializer.SerializeToElement(value);
}
