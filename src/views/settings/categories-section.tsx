import type { CategorySetting } from "../../db/kitchen-setup";
import { FieldError, type FieldErrors } from "../form-fields";
import { Message } from "../messages";

export const CATEGORIES_SECTION_ID = "categories-section";

export function CategoriesSection({ slug, categories, notice, errors }: { slug: string; categories: CategorySetting[]; notice?: string; errors?: FieldErrors }) {
  const action = `/k/${slug}/settings/categories`;
  return (
    <section class="card" id={CATEGORIES_SECTION_ID}>
      <h2>Room categories</h2>
      <p class="muted">
        Rooms of an unticked category (staff rooms, say) stay on the chart but are left out of the totals: rooms,
        guests, covers and occupancy.
      </p>
      {categories.length === 0 ? (
        <p class="muted">The categories appear after the first sync.</p>
      ) : (
        <form method="post" action={action} class="stack" hx-post={action} hx-target={`#${CATEGORIES_SECTION_ID}`} hx-swap="outerHTML">
          {categories.map((category) => (
            <label class="check">
              <input type="checkbox" name="include" value={category.categoryId} checked={category.includeInCounts} />
              {category.name}
            </label>
          ))}
          <FieldError errors={errors} name="include" />
          <button type="submit" class="primary">
            Save categories
          </button>
          <Message text={notice} result />
        </form>
      )}
    </section>
  );
}
