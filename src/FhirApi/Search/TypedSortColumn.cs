using System.Linq.Expressions;
using System.Text.Json;
using FhirChain.FhirApi.Storage;

namespace FhirChain.FhirApi.Search;

/// <summary>
/// A <see cref="SortColumn"/> whose value has type <typeparamref name="T"/> (<c>long</c>,
/// <c>long?</c>, <c>double?</c> or <c>string</c>). Cursor values reach SQL as parameters.
/// <paramref name="missingFirst"/> is set only on a <see cref="Reversed"/> column.
/// </summary>
internal sealed class TypedSortColumn<T>(string name, Expression<Func<ResourceRow, T>> value, bool descending, bool nullable, bool missingFirst = false)
    : SortColumn(name, descending, nullable)
{
    private static readonly System.Reflection.MethodInfo StringCompare = typeof(string).GetMethod(nameof(string.Compare), [typeof(string), typeof(string)])!;

    public override Expression ValueOf(ParameterExpression row) => Expression.Convert(Predicates.BodyFor(value, row), typeof(object));

    public override IOrderedQueryable<ResourceRow> Order(IQueryable<ResourceRow> rows, IOrderedQueryable<ResourceRow>? ordered)
    {
        if (Nullable)
        {
            var missing = Expression.Lambda<Func<ResourceRow, bool>>(IsMissing(value.Body), value.Parameters);
            ordered = (ordered, missingFirst) switch
            {
                (null, false) => rows.OrderBy(missing),
                (null, true) => rows.OrderByDescending(missing),
                (_, false) => ordered.ThenBy(missing),
                (_, true) => ordered.ThenByDescending(missing),
            };
        }

        return ordered is null
            ? (Descending ? rows.OrderByDescending(value) : rows.OrderBy(value))
            : (Descending ? ordered.ThenByDescending(value) : ordered.ThenBy(value));
    }

    public override SortColumn Reversed() => new TypedSortColumn<T>(Key, value, !Descending, Nullable, !missingFirst);

    public override Expression<Func<ResourceRow, bool>>? After(object? cursorValue)
    {
        Expression after;
        if (cursorValue is null)
        {
            // Missing sorts last: nothing comes after it, except (reversed) every present value.
            if (!missingFirst)
            {
                return null;
            }

            after = Expression.Not(IsMissing(value.Body));
        }
        else
        {
            after = Beyond(value.Body, Parameter((T)cursorValue), greater: !Descending);
            if (Nullable)
            {
                after = missingFirst
                    ? Expression.AndAlso(Expression.Not(IsMissing(value.Body)), after)
                    : Expression.OrElse(after, IsMissing(value.Body));
            }
        }

        return Expression.Lambda<Func<ResourceRow, bool>>(after, value.Parameters);
    }

    public override Expression<Func<ResourceRow, bool>> Same(object? cursorValue) =>
        Expression.Lambda<Func<ResourceRow, bool>>(
            cursorValue is null ? IsMissing(value.Body) : Expression.Equal(value.Body, Parameter((T)cursorValue)),
            value.Parameters);

    public override bool TryRead(JsonElement element, out object? result)
    {
        result = null;
        if (element.ValueKind == JsonValueKind.Null)
        {
            return Nullable;
        }

        var type = System.Nullable.GetUnderlyingType(typeof(T)) ?? typeof(T);
        if (type == typeof(long) && element.ValueKind == JsonValueKind.Number && element.TryGetInt64(out var integer))
        {
            result = integer;
        }
        else if (type == typeof(double) && element.ValueKind == JsonValueKind.Number && element.TryGetDouble(out var number))
        {
            result = number;
        }
        else if (type == typeof(string) && element.ValueKind == JsonValueKind.String)
        {
            result = element.GetString();
        }

        return result is not null;
    }

    private static Expression IsMissing(Expression key) => Expression.Equal(key, Expression.Constant(null, typeof(T)));

    private static Expression Beyond(Expression key, Expression cursor, bool greater)
    {
        if (typeof(T) == typeof(string))
        {
            var compared = Expression.Call(StringCompare, key, cursor);
            var zero = Expression.Constant(0);
            return greater ? Expression.GreaterThan(compared, zero) : Expression.LessThan(compared, zero);
        }

        return greater ? Expression.GreaterThan(key, cursor) : Expression.LessThan(key, cursor);
    }

    /// <summary>A value EF Core sends as an SQL parameter (a member of a captured object, like a closure), never inlined as text.</summary>
    private static Expression Parameter(T cursorValue) =>
        Expression.Property(Expression.Constant(new Captured(cursorValue)), nameof(Captured.Value));

    private sealed record Captured(T Value);
}
