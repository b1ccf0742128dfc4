// chart.js with only the pieces the UI draws (bar and doughnut). Imported lazily by components/Chart.tsx,
// so the charting code is its own chunk and never part of the first load.
import {
  ArcElement,
  BarController,
  BarElement,
  CategoryScale,
  Chart,
  DoughnutController,
  Legend,
  LinearScale,
  Tooltip,
} from 'chart.js';

Chart.register(BarController, BarElement, CategoryScale, LinearScale, DoughnutController, ArcElement, Tooltip, Legend);

export { Chart };
