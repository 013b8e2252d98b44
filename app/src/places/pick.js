// The idea form's map: a click marks the point ("longitude,latitude" in the form's `point`)
// and chooses the area clicked in the list; "remove the mark" clears it. Plain script, not an
// island: as a wasm island it cost 3.9 KB of the bundle every page with islands loads, over
// its 150 KB budget; this is sent with the one form that has a map. Without JavaScript the
// map stays hidden and the list of areas is the way to choose.
const picker = document.querySelector(".point-picker[data-projection]");
if (picker) {
  const [width, height] = picker.dataset.size.split(" ").map(Number);
  const [west, north, kx, ky, pad] = picker.dataset.projection.split(" ").map(Number);
  const svg = picker.querySelector("svg");
  const mark = picker.querySelector("circle");
  const point = picker.querySelector("input[name=point]");
  const area = document.getElementById("idea-area");
  const place = (x, y) => {
    mark.setAttribute("cx", x);
    mark.setAttribute("cy", y);
  };
  picker.hidden = false;
  svg.addEventListener("click", (ev) => {
    const box = svg.getBoundingClientRect();
    const x = ((ev.clientX - box.left) / box.width) * width;
    const y = ((ev.clientY - box.top) / box.height) * height;
    const lon = west + (x - pad) / kx;
    const lat = north - (y - pad) / ky;
    place(Math.round(x), Math.round(y));
    point.value = `${lon.toFixed(6)},${lat.toFixed(6)}`;
    if (area) area.value = ev.target.dataset.area || "";
    for (const path of svg.querySelectorAll("path")) path.classList.toggle("current", path === ev.target);
  });
  picker.querySelector("[data-clear]").addEventListener("click", () => {
    place(-100, -100);
    point.value = "";
  });
}
