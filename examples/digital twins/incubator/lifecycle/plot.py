"""Plots run.csv (time, temperature, heater) into a PNG: the temperature, the heater's on-times, the set point.

Usage: python3 plot.py RUN_CSV PLOT_PNG SETPOINT   (pandas and matplotlib: the workspaces' Python has them)
"""
import sys

import matplotlib

matplotlib.use("Agg")  # no display in a lifecycle run
import matplotlib.pyplot as plt  # noqa: E402
import pandas as pd  # noqa: E402


def main(csv_path, png_path, setpoint):
    run = pd.read_csv(csv_path)
    minutes = run["time"] / 60
    fig, ax = plt.subplots(figsize=(9, 4.2), dpi=100)
    ax.fill_between(minutes, run["temperature"].min(), run["temperature"].max(), where=run["heater"] > 0,
                    color="tab:orange", alpha=0.15, step="post", label="heater on")
    ax.plot(minutes, run["temperature"], color="tab:blue", linewidth=1.5, label="temperature")
    ax.axhline(setpoint, color="tab:red", linestyle="--", linewidth=1, label=f"set point {setpoint:.1f} °C")
    ax.set_xlabel("time (min)")
    ax.set_ylabel("temperature (°C)")
    ax.set_title("Incubator: temperature under the bang-bang controller")
    ax.legend(loc="lower right")
    ax.grid(alpha=0.3)
    fig.tight_layout()
    fig.savefig(png_path)


if __name__ == "__main__":
    main(sys.argv[1], sys.argv[2], float(sys.argv[3]))
