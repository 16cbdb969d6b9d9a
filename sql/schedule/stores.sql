-- Stores with their opening hours. $1 store_number (NULL: all).
SELECT st.store_number,
       st.is_active,
       st.opens_at,
       st.closes_at,
       st.is_24_hours
FROM public.stores AS st
WHERE ($1::int IS NULL OR st.store_number = $1::int)
ORDER BY st.store_number
